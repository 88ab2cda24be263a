import { EventTypeName, SAMPLE_EVENT_DATA } from '@tagstream/events';

/** One valid `data` per type; tests mutate copies of these. */
export const VALID_DATA = SAMPLE_EVENT_DATA;

export const NOW = new Date('2026-11-20T12:00:00Z');
export const clock = () => NOW;

let counter = 0;
export function uuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function validEvent(type: EventTypeName, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: uuid(),
    type,
    userId: 'user_1',
    occurredAt: '2026-11-20T08:30:00+08:00',
    data: { ...VALID_DATA[type] },
    ...overrides,
  };
}
