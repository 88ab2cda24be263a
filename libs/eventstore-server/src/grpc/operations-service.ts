import { randomUUID } from 'node:crypto';
import type { sendUnaryData, ServerUnaryCall, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { OperationsService } from '@eventstore/db-client/generated/operations_grpc_pb';
import { ScavengeResp, type StartScavengeReq } from '@eventstore/db-client/generated/operations_pb';
import type { EventStoreEngine, ScavengeReport } from '../engine/event-store-engine';
import type { ServerLogger } from '../logger';
import type { ProposedEvent } from '../storage/record-codec';
import { unimplementedHandlers } from './unimplemented-services';

/**
 * Operations: StartScavenge is implemented; every other operation answers
 * UNIMPLEMENTED. As in EventStoreDB, a scavenge records its progress in the
 * stream `$scavenges-<scavengeId>` (`$scavengeStarted`, then
 * `$scavengeCompleted` with `result`), which is how a client learns that it is
 * done. Here the scavenge has finished before the answer is sent; the answer
 * still says `Started`, as EventStoreDB's does, so clients wait the same way.
 */
export function operationsService(engine: EventStoreEngine, logger: ServerLogger): [ServiceDefinition, UntypedServiceImplementation] {
  const definition = OperationsService as unknown as ServiceDefinition;
  let queue: Promise<unknown> = Promise.resolve();
  const startScavenge = (_call: ServerUnaryCall<StartScavengeReq, ScavengeResp>, callback: sendUnaryData<ScavengeResp>): void => {
    const scavengeId = randomUUID();
    // One scavenge at a time; each call gets its own, so a stream deleted before the call is always covered.
    const run = queue.then(() => runScavenge(engine, logger, scavengeId));
    queue = run.catch(() => undefined);
    run.then(
      () => {
        const response = new ScavengeResp();
        response.setScavengeId(scavengeId);
        response.setScavengeResult(ScavengeResp.ScavengeResult.STARTED);
        callback(null, response);
      },
      (error: Error) => callback(error),
    );
  };
  const implementation = { ...unimplementedHandlers('Operations', definition), startScavenge } as UntypedServiceImplementation;
  return [definition, implementation];
}

async function runScavenge(engine: EventStoreEngine, logger: ServerLogger, scavengeId: string): Promise<void> {
  const stream = `$scavenges-${scavengeId}`;
  const started = Date.now();
  await engine.append(stream, { kind: 'any' }, [systemEvent('$scavengeStarted', { scavengeId, nodeEndpoint: 'embedded' })]);
  let report: ScavengeReport | undefined;
  let failure: Error | undefined;
  try {
    report = await engine.scavenge();
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  }
  const timeTaken = Date.now() - started;
  logger.info({ scavengeId, ...report, ms: timeTaken, ...(failure ? { error: failure.message } : {}) }, 'scavenge completed');
  await engine.append(stream, { kind: 'any' }, [
    systemEvent('$scavengeCompleted', {
      scavengeId,
      nodeEndpoint: 'embedded',
      result: failure ? 'Failed' : 'Success',
      error: failure?.message ?? '',
      timeTaken: `${timeTaken} ms`,
      spaceSaved: report?.bytes ?? 0,
      recordsScavenged: report?.records ?? 0,
    }),
  ]);
  if (failure) throw failure;
}

function systemEvent(type: string, data: Record<string, unknown>): ProposedEvent {
  return {
    id: randomUUID(),
    type,
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify(data), 'utf8'),
    customMetadata: new Uint8Array(0),
  };
}
