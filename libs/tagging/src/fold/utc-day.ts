import { UnprocessableEventError } from '../lineage/unprocessable-event.error';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The UTC calendar day (`YYYY-MM-DD`) of an ISO-8601 instant with offset; activity is counted per such day. */
export function utcDay(occurredAt: string): string {
  const millis = ISO_WITH_OFFSET.test(occurredAt) ? Date.parse(occurredAt) : NaN;
  if (Number.isNaN(millis)) throw new UnprocessableEventError('must be an ISO-8601 instant with offset', 'occurredAt');
  return new Date(millis).toISOString().slice(0, 10);
}
