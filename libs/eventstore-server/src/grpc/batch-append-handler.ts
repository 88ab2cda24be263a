import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { ExpectedState } from '../engine/append-types';
import type { EventStoreEngine } from '../engine/event-store-engine';
import type { ProposedEvent } from '../storage/record-codec';
import type { DecodedBatchAppendReq } from './batch-append-request';
import { batchAppendResponse } from './batch-append-responses';
import { sendQueuedMessagesTogether } from './batched-writes';
import { isServiceError, toProposedEvent } from './proposed-events';

interface PendingBatch {
  correlationId: Uint8Array;
  stream: string;
  expected: ExpectedState;
  events: ProposedEvent[];
  invalid?: string;
}

/**
 * Streams.BatchAppend: one long-lived duplex stream per client carries many
 * appends, each identified by a correlation id and possibly split over several
 * requests (the last has `is_final`). Answers go back as each append is durable.
 * Requests arrive already decoded by `decodeBatchAppendReq` (see streams-service.ts).
 */
export function batchAppendHandler(engine: EventStoreEngine) {
  return (call: ServerDuplexStream<DecodedBatchAppendReq, Buffer>): void => {
    sendQueuedMessagesTogether(call);
    const open = new Map<string, PendingBatch>();
    let inFlight = 0;
    let ended = false;
    const settled = (message: Buffer): void => {
      if (!call.cancelled && !call.writableEnded) call.write(message);
      inFlight--;
      if (ended && inFlight === 0 && !call.writableEnded) call.end();
    };

    call.on('data', (req: DecodedBatchAppendReq) => {
      // Most appends fit in one request: no bookkeeping by correlation id for those.
      const key = req.isFinal && open.size === 0 ? undefined : Buffer.from(req.correlationId).toString('latin1');
      let batch = key === undefined ? undefined : open.get(key);
      if (!batch) {
        batch = {
          correlationId: req.correlationId,
          stream: req.options?.stream ?? '',
          expected: req.options?.expected ?? { kind: 'any' },
          events: [],
          ...(req.options ? {} : { invalid: 'the first request of a batch must carry options' }),
        };
        if (key !== undefined) open.set(key, batch);
      }
      for (const message of req.messages) {
        if (batch.invalid) break;
        const event = toProposedEvent(message, batch.events.length);
        if (isServiceError(event)) batch.invalid = event.details;
        else batch.events.push(event);
      }
      if (!req.isFinal) return;
      if (key !== undefined) open.delete(key);
      inFlight++;
      const done = batch;
      complete(engine, done).then((outcome) =>
        settled(batchAppendResponse(done.correlationId, done.stream, done.expected, outcome)),
      );
    });
    call.on('end', () => {
      ended = true;
      if (inFlight === 0) call.end();
    });
    call.on('error', () => undefined);
  };
}

async function complete(engine: EventStoreEngine, batch: PendingBatch) {
  if (batch.invalid) return { kind: 'invalid' as const, message: batch.invalid };
  try {
    return await engine.append(batch.stream, batch.expected, batch.events);
  } catch (error) {
    return { kind: 'invalid' as const, message: `append failed: ${(error as Error).message}` };
  }
}
