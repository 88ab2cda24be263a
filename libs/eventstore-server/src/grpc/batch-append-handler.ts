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
  /** Answers `timeout` if the batch's last request has not arrived by its deadline. */
  timer?: NodeJS.Timeout;
}

/**
 * Streams.BatchAppend: one long-lived duplex stream per client carries many
 * appends, each identified by a correlation id and possibly split over several
 * requests (the last has `is_final`). Answers go back as each append is durable.
 * Requests arrive already decoded by `decodeBatchAppendReq` (see streams-service.ts).
 *
 * Deadlines, as EventStoreDB: an append whose first request arrives after its
 * deadline is answered `timeout` (DeadlineExceeded) and nothing of it is
 * written; one still incomplete when its deadline passes is answered `timeout`
 * then. The rest of such an append's requests are ignored, not answered: the
 * client has already settled it. An append complete before its deadline is
 * written whatever the time its write takes.
 */
export function batchAppendHandler(engine: EventStoreEngine) {
  return (call: ServerDuplexStream<DecodedBatchAppendReq, Buffer>): void => {
    sendQueuedMessagesTogether(call);
    const open = new Map<string, PendingBatch>();
    /** Correlation ids already answered `timeout` whose last request has not come yet. */
    const expired = new Set<string>();
    let inFlight = 0;
    let ended = false;
    const settled = (message: Buffer): void => {
      if (!call.cancelled && !call.writableEnded) call.write(message);
      inFlight--;
      if (ended && inFlight === 0 && !call.writableEnded) call.end();
    };
    const refuseLate = (key: string | undefined, batch: Pick<PendingBatch, 'correlationId' | 'stream' | 'expected'>, more: boolean): void => {
      if (key !== undefined && more) expired.add(key);
      inFlight++;
      settled(batchAppendResponse(batch.correlationId, batch.stream, batch.expected, { kind: 'timeout' }));
    };

    call.on('data', (req: DecodedBatchAppendReq) => {
      // Most appends fit in one request: no bookkeeping by correlation id for those.
      const key = req.isFinal && open.size === 0 && expired.size === 0 ? undefined : Buffer.from(req.correlationId).toString('latin1');
      if (key !== undefined && expired.has(key)) {
        if (req.isFinal) expired.delete(key);
        return;
      }
      let batch = key === undefined ? undefined : open.get(key);
      if (!batch) {
        const options = req.options;
        if (options && options.deadlineMs <= Date.now()) {
          return refuseLate(key, { correlationId: req.correlationId, stream: options.stream, expected: options.expected }, !req.isFinal);
        }
        batch = {
          correlationId: req.correlationId,
          stream: options?.stream ?? '',
          expected: options?.expected ?? { kind: 'any' },
          events: [],
          ...(options ? {} : { invalid: 'the first request of a batch must carry options' }),
        };
        if (key !== undefined) {
          open.set(key, batch);
          if (!req.isFinal && options && options.deadlineMs !== Infinity) {
            const pending = batch;
            pending.timer = setTimeout(() => {
              if (open.get(key) !== pending) return;
              open.delete(key);
              refuseLate(key, pending, true);
            }, Math.min(options.deadlineMs - Date.now(), MAX_TIMER_MS));
            pending.timer.unref();
          }
        }
      }
      for (const message of req.messages) {
        if (batch.invalid) break;
        const event = toProposedEvent(message, batch.events.length);
        if (isServiceError(event)) batch.invalid = event.details;
        else batch.events.push(event);
      }
      if (!req.isFinal) return;
      if (key !== undefined) open.delete(key);
      clearTimeout(batch.timer);
      inFlight++;
      const done = batch;
      complete(engine, done).then((outcome) =>
        settled(batchAppendResponse(done.correlationId, done.stream, done.expected, outcome)),
      );
    });
    call.on('end', () => {
      ended = true;
      for (const batch of open.values()) clearTimeout(batch.timer);
      if (inFlight === 0) call.end();
    });
    call.on('error', () => undefined);
  };
}

/** setTimeout's ceiling (about 24.8 days): a batch still incomplete that long is refused even if its deadline is later. */
const MAX_TIMER_MS = 2 ** 31 - 1;

async function complete(engine: EventStoreEngine, batch: PendingBatch) {
  if (batch.invalid) return { kind: 'invalid' as const, message: batch.invalid };
  try {
    return await engine.append(batch.stream, batch.expected, batch.events);
  } catch (error) {
    return { kind: 'invalid' as const, message: `append failed: ${(error as Error).message}` };
  }
}
