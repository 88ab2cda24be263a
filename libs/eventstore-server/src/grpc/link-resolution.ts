import type { EventStoreEngine } from '../engine/event-store-engine';
import { decodeHeader, recordedEventBytes, recordedEventData } from '../storage/record-codec';

/** The event type of a link; its data is `<revision>@<stream>` in UTF-8. */
export const LINK_EVENT_TYPE = '$>';

/**
 * What a read with `resolveLinkTos` sends for one stored event, as
 * EventStoreDB does: an ordinary event as it is; a link whose target exists
 * as the target (`event`) with the link (`link`); a link whose target cannot
 * be read (never written, deleted, truncated, scavenged) as the link alone in
 * `link`, with no `event`; a link whose data is not `<number>@<stream>` as an
 * ordinary event.
 */
export type Resolved = { event: Uint8Array; link?: undefined } | { event: Uint8Array | undefined; link: Uint8Array };

export function resolveLink(engine: EventStoreEngine, type: string, recordedEvent: Uint8Array): Resolved {
  if (type !== LINK_EVENT_TYPE) return { event: recordedEvent };
  const target = parseLinkData(recordedEventData(recordedEvent));
  if (!target) return { event: recordedEvent };
  return { event: readTarget(engine, target.stream, target.revision), link: recordedEvent };
}

function parseLinkData(data: Uint8Array): { revision: number; stream: string } | undefined {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  const at = text.indexOf('@');
  if (at <= 0 || !/^\d+$/.test(text.slice(0, at))) return undefined;
  const revision = Number(text.slice(0, at));
  return Number.isSafeInteger(revision) ? { revision, stream: text.slice(at + 1) } : undefined;
}

function readTarget(engine: EventStoreEngine, stream: string, revision: number): Uint8Array | undefined {
  const result = engine.readStream(stream, revision, 'forwards', 1);
  if (result.kind !== 'ok' || result.ordinals.length === 0) return undefined;
  const ordinal = result.ordinals[0];
  const record = engine.record(ordinal);
  const header = decodeHeader(record, 0, engine.offsetOf(ordinal));
  if (header.scavenged || header.stream !== stream || header.revision !== revision) return undefined;
  return recordedEventBytes(record, 0);
}
