import type { ProposedEvent } from '../storage/record-codec';
import type { RawProposedMessage } from './batch-append-request';
import { invalidArgument, missingMetadataError } from './grpc-errors';
import type { ServiceError } from '@grpc/grpc-js';

/** The shape shared by the generated AppendReq.ProposedMessage and BatchAppendReq.ProposedMessage. */
export interface GrpcProposedMessage {
  getId(): { hasString(): boolean; getString(): string; hasStructured(): boolean } | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a generated proposed message into the raw form the validator takes. */
export function rawProposedMessage(message: GrpcProposedMessage): RawProposedMessage {
  const uuid = message.getId();
  const metadata = message.getMetadataMap();
  return {
    id: uuid && uuid.hasString() ? uuid.getString() : undefined,
    type: metadata.get('type'),
    contentType: metadata.get('content-type'),
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

/** Converts a proposed message, or explains which part is wrong. */
export function toProposedEvent(message: RawProposedMessage, index: number): ProposedEvent | ServiceError {
  if (message.id === undefined) return invalidArgument(`events[${index}].id: only string UUIDs are supported`);
  if (!UUID.test(message.id)) return invalidArgument(`events[${index}].id: '${message.id}' is not a UUID`);
  if (!message.type) return missingMetadataError('type');
  if (!message.contentType) return missingMetadataError('content-type');
  return {
    id: message.id.toLowerCase(),
    type: message.type,
    contentType: message.contentType,
    data: message.data,
    customMetadata: message.customMetadata,
  };
}

export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof Error && 'code' in value;
}
