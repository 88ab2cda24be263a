import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { RecordHeader } from '../storage/record-codec';

/** EventStoreDB's default search window when the filter names none. */
const DEFAULT_WINDOW = 32;

/** A server-side `$all` filter on stream name or event type, by prefixes or regex. */
export interface EventFilter {
  matches(header: RecordHeader): boolean;
  /** Events examined (matching or not) between two checkpoints. */
  checkpointEvery: number;
}

export function filterFrom(options: ReadReq.Options.FilterOptions): EventFilter {
  const onStream = options.hasStreamIdentifier();
  const expression = onStream ? options.getStreamIdentifier() : options.getEventType();
  const prefixes = expression?.getPrefixList() ?? [];
  const regexSource = expression?.getRegex() ?? '';
  const regex = regexSource ? new RegExp(regexSource) : undefined;
  const window = options.hasMax() && options.getMax() > 0 ? options.getMax() : DEFAULT_WINDOW;
  const multiplier = Math.max(1, options.getCheckpointintervalmultiplier() || 1);
  const pick = onStream ? (h: RecordHeader) => h.stream : (h: RecordHeader) => h.type;
  const matches = (header: RecordHeader): boolean => {
    const value = pick(header);
    if (prefixes.length > 0) return prefixes.some((p) => value.startsWith(p));
    if (regex) return regex.test(value);
    return true;
  };
  return { matches, checkpointEvery: window * multiplier };
}
