import { parseOccurredAt } from '@tagstream/events';

describe('parseOccurredAt', () => {
  it.each([
    ['2026-11-20T08:30:00+08:00', Date.UTC(2026, 10, 20, 0, 30)],
    ['2026-11-20T00:30:00Z', Date.UTC(2026, 10, 20, 0, 30)],
    ['2026-11-20T00:30:00.5Z', Date.UTC(2026, 10, 20, 0, 30, 0, 500)],
    ['2026-11-19T19:00:00-05:30', Date.UTC(2026, 10, 20, 0, 30)],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
  ])('reads %s', (text, expected) => {
    expect(parseOccurredAt(text)).toBe(expected);
  });

  it.each([
    '2026-11-20T08:30:00',
    '2026-11-20T08:30+08:00',
    '2026-11-20 08:30:00Z',
    '2026-11-20t08:30:00z',
    '2027-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-20T23:60:00Z',
    '2026-11-20T23:59:60Z',
    '2026-11-20T00:00:00+08:60',
    '2026-11-20T00:00:00.1234567890Z',
    '',
    null,
  ])('rejects %j', (text) => {
    expect(parseOccurredAt(text)).toBeUndefined();
  });
});
