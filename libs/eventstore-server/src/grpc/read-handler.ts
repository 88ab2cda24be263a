import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { EventStoreEngine } from '../engine/event-store-engine';
import { decodeHeader, recordedEventBytes } from '../storage/record-codec';
import { scanAllBackwards, scanAllForwards } from './all-scanner';
import { EventFilter, filterFrom } from './event-filter';
import { invalidArgument, streamDeletedError, streamNotFoundError } from './grpc-errors';
import { resolveLink } from './link-resolution';
import { eventResponse, resolvedEventResponse } from './read-responses';
import { ResponseSink } from './response-sink';
import { subscribeToAll, subscribeToStream } from './subscription-handler';

const BACKWARDS = 1;

/** Streams.Read: one-shot reads of a stream or `$all`, and catch-up subscriptions. */
export function readHandler(engine: EventStoreEngine) {
  return async (call: ServerWritableStream<ReadReq, Buffer>): Promise<void> => {
    const sink = new ResponseSink(call);
    try {
      const options = call.request.getOptions();
      if (!options) return sink.fail(invalidArgument('ReadReq.options is required'));
      const filter = options.hasFilter() ? filterFrom(options.getFilter()!) : undefined;
      const resolveLinks = options.getResolveLinks();
      if (options.hasSubscription()) {
        if (options.hasAll()) return await subscribeToAll(engine, sink, allStart(engine, options.getAll()!, true), filter, resolveLinks);
        return await subscribeToStream(engine, sink, streamName(options.getStream()!), options.getStream()!, resolveLinks);
      }
      const count = options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER;
      const backwards = options.getReadDirection() === BACKWARDS;
      if (options.hasAll()) {
        const start = allStart(engine, options.getAll()!, false);
        await readAll(engine, sink, start, backwards, count, filter, resolveLinks);
      } else if (options.hasStream()) {
        await readStream(engine, sink, options.getStream()!, backwards, count, resolveLinks);
      } else {
        return sink.fail(invalidArgument('ReadReq.options must name a stream or $all'));
      }
      sink.end();
    } catch (error) {
      sink.fail(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

export function streamName(options: ReadReq.Options.StreamOptions): string {
  return Buffer.from(options.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
}

/**
 * The ordinal a `$all` read or subscription starts at. Reads include the event
 * at the given position; subscriptions start after it (exclusive), as in EventStoreDB.
 */
function allStart(engine: EventStoreEngine, all: ReadReq.Options.AllOptions, exclusive: boolean): number {
  if (all.hasEnd()) return engine.visibleCount;
  if (!all.hasPosition()) return 0;
  const position = Number(all.getPosition()!.getCommitPosition());
  return engine.ordinalAtOrAfter(exclusive ? position + 1 : position);
}

async function readAll(
  engine: EventStoreEngine,
  sink: ResponseSink,
  start: number,
  backwards: boolean,
  count: number,
  filter: EventFilter | undefined,
  resolveLinks: boolean,
): Promise<void> {
  let sent = 0;
  const records = backwards ? scanAllBackwards(engine, start) : scanAllForwards(engine, start, engine.visibleCount);
  for (const record of records) {
    if (sent >= count) break;
    if (record.scavenged) continue;
    if (filter && !filter.matches(record.header())) continue;
    const response = resolveLinks
      ? resolvedEventResponse(resolveLink(engine, record.header().type, record.recordedEvent), record.position)
      : eventResponse(record.recordedEvent, record.position);
    if (!(await sink.send(response))) return;
    sent++;
  }
}

async function readStream(
  engine: EventStoreEngine,
  sink: ResponseSink,
  options: ReadReq.Options.StreamOptions,
  backwards: boolean,
  count: number,
  resolveLinks: boolean,
): Promise<void> {
  const name = streamName(options);
  const from = options.hasRevision() ? Number(options.getRevision()) : options.hasEnd() ? 'end' : 'start';
  const result = engine.readStream(name, from, backwards ? 'backwards' : 'forwards', count);
  if (result.kind === 'deleted') throw streamDeletedError(name);
  if (result.kind === 'not_found') throw streamNotFoundError(name);
  for (const ordinal of result.ordinals) {
    const record = engine.record(ordinal);
    const position = engine.offsetOf(ordinal);
    // The index is keyed by a hash of the name: never serve an event of another stream (nor a scavenged one).
    const header = decodeHeader(record, 0, position);
    if (header.scavenged || header.stream !== name) continue;
    const recordedEvent = recordedEventBytes(record, 0);
    const response = resolveLinks ? resolvedEventResponse(resolveLink(engine, header.type, recordedEvent), position) : eventResponse(recordedEvent, position);
    if (!(await sink.send(response))) return;
  }
}
