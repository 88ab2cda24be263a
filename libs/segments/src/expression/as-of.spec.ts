import { ValidationFailedError } from '@tagstream/common';
import { activityWindow, addDays, isDayInWindow, parseAsOf, utcDayOf, withinDays } from './as-of';

describe('activity windows', () => {
  const asOf = new Date('2026-11-20T12:00:00Z');

  it('covers the N whole UTC days ending with the day of asOf (docs/contract.md §5 example)', () => {
    expect(activityWindow('7d', asOf)).toEqual({ from: '2026-11-14', to: '2026-11-20' });
  });

  it('is the day of asOf alone for 1d', () => {
    expect(activityWindow('1d', asOf)).toEqual({ from: '2026-11-20', to: '2026-11-20' });
  });

  it('covers all history up to the day of asOf without within', () => {
    expect(activityWindow(undefined, asOf)).toEqual({ from: null, to: '2026-11-20' });
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(activityWindow('30d', new Date('2026-03-01T00:00:00Z'))).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(activityWindow('2d', new Date('2028-03-01T23:59:59.999Z'))).toEqual({ from: '2028-02-29', to: '2028-03-01' });
    expect(activityWindow('400d', new Date('2027-01-01T00:00:00Z'))).toEqual({ from: '2025-11-28', to: '2027-01-01' });
  });

  it('takes the UTC day of asOf, whatever offset it was written with', () => {
    expect(activityWindow('1d', new Date('2026-11-20T23:30:00-05:00'))).toEqual({ from: '2026-11-21', to: '2026-11-21' });
    expect(activityWindow('1d', new Date('2026-11-21T07:00:00+08:00'))).toEqual({ from: '2026-11-20', to: '2026-11-20' });
  });

  it('includes both ends of the window and nothing outside', () => {
    const window = activityWindow('7d', asOf);
    expect(['2026-11-13', '2026-11-14', '2026-11-20', '2026-11-21'].map((day) => isDayInWindow(day, window))).toEqual([false, true, true, false]);
    const all = activityWindow(undefined, asOf);
    expect(['1999-01-01', '2026-11-20', '2026-11-21'].map((day) => isDayInWindow(day, all))).toEqual([true, true, false]);
  });

  it('has exactly N days for every N from 1 to 400', () => {
    for (let n = 1; n <= 400; n += 1) {
      const { from, to } = activityWindow(`${n}d`, asOf);
      expect(addDays(from!, n - 1)).toBe(to);
    }
  });

  it('reads within days and refuses an unvalidated one', () => {
    expect(withinDays('30d')).toBe(30);
    expect(() => withinDays('30')).toThrow();
  });

  it('names the UTC day of an instant', () => {
    expect(utcDayOf(new Date('2026-11-20T00:00:00Z'))).toBe('2026-11-20');
    expect(utcDayOf(new Date('2026-11-19T23:59:59.999Z'))).toBe('2026-11-19');
  });
});

describe('parseAsOf', () => {
  const now = new Date('2026-11-20T12:00:00Z');
  const clock = () => now;

  it('defaults to the clock', () => {
    expect(parseAsOf(undefined, clock)).toBe(now);
  });

  it.each([
    ['2026-11-20T12:00:00Z', '2026-11-20T12:00:00.000Z'],
    ['2026-11-20T12:00Z', '2026-11-20T12:00:00.000Z'],
    ['2026-11-20T12:00:00.123+08:00', '2026-11-20T04:00:00.123Z'],
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseAsOf(text, clock).toISOString()).toBe(iso);
  });

  it.each(['2026-11-20T12:00:00', 'yesterday', '2026-02-30', '2026-13-01', '2026-11-20T25:00Z', '', 1732104000000, null])(
    'refuses %j naming the field',
    (input) => {
      expect(() => parseAsOf(input, clock)).toThrow(ValidationFailedError);
      try {
        parseAsOf(input, clock, 'query.asOf');
      } catch (error) {
        expect((error as ValidationFailedError).problems[0]).toMatchObject({ path: 'query.asOf', rule: 'as_of_format' });
      }
    },
  );
});

describe('parseAsOf, edges', () => {
  const clock = () => new Date('2026-11-20T12:00:00Z');
  const refusal = (input: unknown, path?: string): ValidationFailedError => {
    try {
      parseAsOf(input, clock, path);
    } catch (error) {
      if (error instanceof ValidationFailedError) return error;
      throw error;
    }
    throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  };

  it('names the asOf parameter by default and says which forms it takes', () => {
    const error = refusal('tomorrow');
    expect(error.message).toBe('asOf is not a valid ISO-8601 instant');
    expect(error.problems).toEqual([
      { path: 'asOf', rule: 'as_of_format', message: 'asOf must be an ISO-8601 date-time with offset (2026-11-20T12:00:00Z) or a date (2026-11-20)' },
    ]);
    expect(refusal('tomorrow', 'query.asOf').message).toBe('query.asOf is not a valid ISO-8601 instant');
  });

  it.each([
    'x2026-11-20',
    '2026-11-20x',
    ' 2026-11-20',
    'Fri 2026-11-20',
    '2026-11-20 ',
    '2026-11-20T12:00:00Zx',
    '2026-11-20T12Z',
    '2026-11-20T12:00+0800',
    '2026-11-20T12:00:00.1234567890Z',
    '2026-11-20T12:00:00.Z',
    '2026-1-20',
  ])('refuses %j, which is not one of the two forms', (input) => {
    expect(refusal(input).problems[0]).toMatchObject({ rule: 'as_of_format' });
  });

  // A query string repeating asOf arrives as an array; String(['2026-11-20']) would pass the pattern.
  it.each([[['2026-11-20']], [['2026-11-20', '2026-11-21']], [{ toString: (): string => '2026-11-20' }]])('refuses %p, which is not a string', (input) => {
    expect(refusal(input).problems[0]).toMatchObject({ rule: 'as_of_format' });
  });

  it.each(['2026-02-29', '2026-04-31', '2026-11-31', '2026-00-10', '2026-11-00', '2026-02-29T12:00:00Z', '2026-04-31T00:00:00+08:00'])(
    'refuses %j, a day that does not exist, rather than rolling it over',
    (input) => {
      expect(refusal(input).problems[0]).toMatchObject({ rule: 'as_of_format' });
    },
  );

  it.each([
    ['2028-02-29', '2028-02-29T00:00:00.000Z'],
    ['2026-12-31T23:59:59.9Z', '2026-12-31T23:59:59.900Z'],
    ['2026-01-01T00:00:00-05:00', '2026-01-01T05:00:00.000Z'],
    ['2026-11-20T12:00:00.123456789Z', '2026-11-20T12:00:00.123Z'],
  ])('reads %s', (text, iso) => {
    expect(parseAsOf(text, clock).toISOString()).toBe(iso);
  });
});

describe('within days and windows, edges', () => {
  it.each(['0d', '07d', '30', 'd', '30dd', 'x30d', '30D', ' 30d'])('refuses an unvalidated within %j, naming it', (within) => {
    expect(() => withinDays(within)).toThrow(`not a validated within: ${JSON.stringify(within)}`);
  });

  it('reads multi-digit days', () => {
    expect(withinDays('1d')).toBe(1);
    expect(withinDays('400d')).toBe(400);
  });

  it('adds and subtracts whole days', () => {
    expect(addDays('2026-11-20', 0)).toBe('2026-11-20');
    expect(addDays('2026-11-20', 1)).toBe('2026-11-21');
    expect(addDays('2026-11-20', -20)).toBe('2026-10-31');
  });

  it('has no lower end without within, and a lower end with it', () => {
    const window = { from: '2026-11-14', to: '2026-11-20' };
    expect(isDayInWindow('2026-11-13', window)).toBe(false);
    expect(isDayInWindow('2026-11-14', window)).toBe(true);
    expect(isDayInWindow('2026-11-21', { from: null, to: '2026-11-20' })).toBe(false);
    expect(isDayInWindow('2026-11-20', { from: null, to: '2026-11-20' })).toBe(true);
  });
});
