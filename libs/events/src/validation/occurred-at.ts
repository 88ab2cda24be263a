/**
 * `occurredAt` is an ISO-8601 date-time with seconds and an explicit offset
 * (`Z` or `±hh:mm`), e.g. `2026-11-20T08:30:00+08:00` or `2026-11-20T00:30:00.123Z`.
 * Local times without an offset are ambiguous about the UTC day an event
 * counts for, so they are rejected.
 */
const DATE_TIME_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** Milliseconds since the epoch, or undefined when the text is not a valid date-time with offset. */
export function parseOccurredAt(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = DATE_TIME_WITH_OFFSET.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  // Date.UTC rolls 2026-02-30 over to March; a rolled date was not a real one.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMs = 0;
  if (!zulu) {
    const offsetHours = Number(oh);
    const offsetMinutes = Number(om);
    if (offsetHours > 14 || offsetMinutes > 59) return undefined;
    offsetMs = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  return local + millis - offsetMs;
}
