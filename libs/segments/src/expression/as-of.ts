import { Clock, ValidationFailedError } from '@tagstream/common';

/** A UTC calendar day, `YYYY-MM-DD`; such strings order the same as the days they name. */
export type UtcDay = string;

/**
 * The days an activity leaf covers, both ends inclusive. `from` is `null` for a
 * leaf without `within`: all history up to and including `to`.
 */
export interface ActivityWindow {
  readonly from: UtcDay | null;
  readonly to: UtcDay;
}

const MS_PER_DAY = 86_400_000;
const WITHIN_DAYS = /^([1-9][0-9]*)d$/;
/** ISO-8601 date-time with an explicit offset, or a bare date (read as that UTC day). */
const AS_OF_PATTERN = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

export function utcDayOf(instant: Date): UtcDay {
  return instant.toISOString().slice(0, 10);
}

export function addDays(day: UtcDay, days: number): UtcDay {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `"30d"` → 30. Expects a validated `within`. */
export function withinDays(within: string): number {
  const match = WITHIN_DAYS.exec(within);
  if (!match) throw new Error(`not a validated within: ${JSON.stringify(within)}`);
  return Number(match[1]);
}

/**
 * docs/contract.md §5: `within: "Nd"` covers the N whole UTC days that end with the day of
 * `asOf`, inclusive; without `within`, all history up to that day.
 */
export function activityWindow(within: string | undefined, asOf: Date): ActivityWindow {
  const to = utcDayOf(asOf);
  if (within === undefined) return { from: null, to };
  return { from: addDays(to, 1 - withinDays(within)), to };
}

export function isDayInWindow(day: UtcDay, window: ActivityWindow): boolean {
  return day <= window.to && (window.from === null || day >= window.from);
}

/**
 * Reads the `asOf` request parameter: absent means now. The service reads it as
 * an instant, so a date-time must carry its offset; a bare date names that UTC day.
 */
export function parseAsOf(input: unknown, clock: Clock, path = 'asOf'): Date {
  if (input === undefined) return clock();
  const instant = typeof input === 'string' && AS_OF_PATTERN.test(input) ? new Date(input) : undefined;
  if (!instant || Number.isNaN(instant.getTime()) || !sameCalendarDate(input as string, instant)) {
    throw new ValidationFailedError(`${path} is not a valid ISO-8601 instant`, [
      { path, rule: 'as_of_format', message: `${path} must be an ISO-8601 date-time with offset (2026-11-20T12:00:00Z) or a date (2026-11-20)` },
    ]);
  }
  return instant;
}

/** `Date` rolls 2026-02-30 over into March; a date that does not exist is refused instead. */
function sameCalendarDate(text: string, instant: Date): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day && !Number.isNaN(instant.getTime());
}
