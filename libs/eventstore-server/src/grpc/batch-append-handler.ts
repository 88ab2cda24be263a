import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { BatchAppendReq } from '@eventstore/db-client/generated/streams_pb';
import type { ExpectedState } from '../engine/append-types';
import type { EventStoreEngine } from '../engine/event-store-engine';
import type { ProposedEvent } from '../storage/record-codec';
import { batchAppendResponse } from './batch-append-responses';
import { expectedStateOf } from './expected-state';
import { isServiceError, toProposedEvent } from './proposed-events';

interface PendingBatch {
  stream: string;
  expected: ExpectedState;
  events: ProposedEvent[];
  invalid?: string;
}

/**
 * Streams.BatchAppend: one long-lived duplex stream per client carries many
 * appends, each identified by a correlation id and possibly split over several
 * requests (the last has `is_final`). Answers go back as each append is durable.
 */
export function batchAppendHandler(engine: EventStoreEngine) {
  return (call: ServerDuplexStream<BatchAppendReq, Buffer>): void => {
    const open = new Map<string, PendingBatch>();
    const inFlight = new Set<Promise<void>>();
    let ended = false;
    const write = (message: Buffer): void => {
      if (!call.cancelled && !call.writableEnded) call.write(message);
    };

    call.on('data', (req: BatchAppendReq) => {
      const correlation = req.getCorrelationId();
      const correlationBytes = correlation ? correlation.serializeBinary() : new Uint8Array(0);
      const key = Buffer.from(correlationBytes).toString('base64');
      let batch = open.get(key);
      if (!batch) {
        const options = req.getOptions();
        const stream = Buffer.from(options?.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
        const expected = options
          ? expectedStateOf(options, options.hasStreamPosition() ? options.getStreamPosition() : undefined)
          : ({ kind: 'any' } as const);
        batch = { stream, expected, events: [], ...(options ? {} : { invalid: 'the first request of a batch must carry options' }) };
        open.set(key, batch);
      }
      for (const message of req.getProposedMessagesList()) {
        if (batch.invalid) break;
        const event = toProposedEvent(message, batch.events.length);
        if (isServiceError(event)) batch.invalid = event.details;
        else batch.events.push(event);
      }
      if (!req.getIsFinal()) return;
      open.delete(key);
      const done = complete(engine, batch).then((outcome) =>
        write(batchAppendResponse(correlationBytes, batch.stream, batch.expected, outcome)),
      );
      inFlight.add(done);
      void done.finally(() => {
        inFlight.delete(done);
        if (ended && inFlight.size === 0 && !call.writableEnded) call.end();
      });
    });
    call.on('end', () => {
      ended = true;
      if (inFlight.size === 0) call.end();
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
