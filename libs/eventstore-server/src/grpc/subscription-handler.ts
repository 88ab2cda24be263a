import { randomUUID } from 'node:crypto';
import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { EventStoreEngine } from '../engine/event-store-engine';
import { decodeHeader, recordedEventBytes } from '../storage/record-codec';
import { scanAllForwards } from './all-scanner';
import type { EventFilter } from './event-filter';
import { streamDeletedError } from './grpc-errors';
import { resolveLink } from './link-resolution';
import { caughtUpResponse, checkpointResponse, confirmationResponse, eventResponse, resolvedEventResponse } from './read-responses';
import type { ResponseSink } from './response-sink';

/**
 * Catch-up subscription to `$all`: history from the start ordinal, then live
 * events as they become durable, in one ordered loop so there is no gap and no
 * duplicate at the hand-over. With a filter, a checkpoint (the position of the
 * last event examined, matching or not) follows every `checkpointEvery` examined
 * events, counted across history and live events, so a subscriber that resumes
 * after a checkpoint (exclusive) misses nothing. As in EventStoreDB, reaching the
 * end of the log sends none: a subscriber idle at the end learns nothing new
 * from one, and sending one per append was most of the checkpoint traffic.
 */
export async function subscribeToAll(
  engine: EventStoreEngine,
  sink: ResponseSink,
  startOrdinal: number,
  filter: EventFilter | undefined,
  resolveLinks = false,
): Promise<void> {
  if (!(await sink.send(confirmationResponse(randomUUID())))) return;
  let cursor = startOrdinal;
  let examined = 0;
  let lastExamined = -1;
  let caughtUp = false;
  while (!sink.cancelled) {
    const end = engine.visibleCount;
    if (cursor < end) {
      for (const record of scanAllForwards(engine, cursor, end)) {
        cursor = record.ordinal + 1;
        lastExamined = record.position;
        if (!record.scavenged && (!filter || filter.matches(record.header()))) {
          const response = resolveLinks
            ? resolvedEventResponse(resolveLink(engine, record.header().type, record.recordedEvent), record.position)
            : eventResponse(record.recordedEvent, record.position);
          if (!(await sink.send(response))) return;
        }
        if (filter && ++examined >= filter.checkpointEvery) {
          examined = 0;
          if (!(await sink.send(checkpointResponse(lastExamined)))) return;
        }
      }
      continue;
    }
    if (!caughtUp) {
      caughtUp = true;
      if (!(await sink.send(caughtUpResponse()))) return;
    }
    if (engine.visibleCount > cursor) continue;
    await sink.waitFor((wake) => engine.onCommit(wake));
  }
}

/** Catch-up subscription to one stream; the start revision is exclusive, as in EventStoreDB. */
export async function subscribeToStream(
  engine: EventStoreEngine,
  sink: ResponseSink,
  name: string,
  options: ReadReq.Options.StreamOptions,
  resolveLinks = false,
): Promise<void> {
  if (engine.isTombstoned(name)) return sink.fail(streamDeletedError(name));
  if (!(await sink.send(confirmationResponse(randomUUID())))) return;
  let next = options.hasRevision()
    ? Number(options.getRevision()) + 1
    : options.hasEnd()
      ? engine.lastVisibleRevision(name) + 1
      : 0;
  let caughtUp = false;
  while (!sink.cancelled) {
    if (engine.isTombstoned(name)) return sink.fail(streamDeletedError(name));
    const result = engine.readStream(name, next, 'forwards', Number.MAX_SAFE_INTEGER);
    if (result.kind === 'ok') {
      for (const ordinal of result.ordinals) {
        const record = engine.record(ordinal);
        const position = engine.offsetOf(ordinal);
        const header = decodeHeader(record, 0, position);
        if (header.scavenged || header.stream !== name) continue;
        const recordedEvent = recordedEventBytes(record, 0);
        const response = resolveLinks ? resolvedEventResponse(resolveLink(engine, header.type, recordedEvent), position) : eventResponse(recordedEvent, position);
        if (!(await sink.send(response))) return;
        next = header.revision + 1;
      }
    }
    if (!caughtUp) {
      caughtUp = true;
      if (!(await sink.send(caughtUpResponse()))) return;
    }
    if (engine.lastVisibleRevision(name) >= next || engine.isTombstoned(name)) continue;
    await sink.waitFor((wake) => engine.onCommit(wake));
  }
}
