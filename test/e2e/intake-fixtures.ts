import { randomUUID } from 'node:crypto';
import { EventTypeName, SAMPLE_EVENT_DATA } from '@tagstream/events';

export const VALID_DATA = SAMPLE_EVENT_DATA;

let users = 0;
/** A user id no other test touches, so its stream starts empty. */
export function freshUser(label = 'u'): string {
  users += 1;
  return `${label}-${process.pid}-${users}-${randomUUID().slice(0, 8)}`;
}

export function event(type: EventTypeName, userId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: randomUUID(),
    type,
    userId,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    data: { ...VALID_DATA[type] },
    ...overrides,
  };
}
