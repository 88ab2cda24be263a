import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { EventStoreEngine } from '../engine/event-store-engine';
import { appendHandler } from './append-handler';
import { batchAppendHandler } from './batch-append-handler';
import { decodeBatchAppendReq } from './batch-append-request';
import { deleteHandler, tombstoneHandler } from './delete-handlers';
import { readHandler } from './read-handler';

const passThrough = (message: Buffer): Buffer => message;

/**
 * The generated Streams service definition (paths, request decoders) with the
 * response encoders of Read and BatchAppend replaced by a pass-through: those
 * answers are encoded by hand (see read-responses.ts), which is what lets a read
 * copy stored bytes instead of building protobuf objects. BatchAppend requests,
 * one per append, are decoded by hand too (batch-append-request.ts).
 */
export function streamsService(engine: EventStoreEngine): [ServiceDefinition, UntypedServiceImplementation] {
  const generated = StreamsService as unknown as ServiceDefinition;
  const definition: ServiceDefinition = {
    ...generated,
    read: { ...generated.read, responseSerialize: passThrough },
    batchAppend: { ...generated.batchAppend, requestDeserialize: decodeBatchAppendReq, responseSerialize: passThrough },
  };
  const implementation = {
    read: readHandler(engine),
    append: appendHandler(engine),
    batchAppend: batchAppendHandler(engine),
    delete: deleteHandler(engine),
    tombstone: tombstoneHandler(engine),
  } as unknown as UntypedServiceImplementation;
  return [definition, implementation];
}
