import fc from 'fast-check';
import { floorCount, floorShare } from './floor';

describe('floorCount', () => {
  it('hides a count strictly under the floor and shows exactly the floor', () => {
    expect(floorCount(99, 100)).toEqual({ value: null, belowFloor: true });
    expect(floorCount(0, 100)).toEqual({ value: null, belowFloor: true });
    expect(floorCount(100, 100)).toEqual({ value: 100, belowFloor: false });
    expect(floorCount(101, 100)).toEqual({ value: 101, belowFloor: false });
  });

  it('never releases a number under the floor', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 10_000 }), (n, floor) => {
        const out = floorCount(n, floor);
        expect(out.belowFloor).toBe(n < floor);
        expect(out.value).toBe(n < floor ? null : n);
      }),
    );
  });

  it('refuses a negative or non-finite count', () => {
    expect(() => floorCount(-1, 100)).toThrow(RangeError);
    expect(() => floorCount(Number.NaN, 100)).toThrow(RangeError);
  });
});

describe('floorShare', () => {
  it('hides the share when the part is under the floor', () => {
    expect(floorShare(99, 1000, 100)).toEqual({ value: null, belowFloor: true });
  });

  it('hides the share when the whole is under the floor (the part would be recoverable)', () => {
    expect(floorShare(100, 99, 100)).toEqual({ value: null, belowFloor: true });
  });

  it('shows part / whole otherwise', () => {
    expect(floorShare(100, 400, 100)).toEqual({ value: 0.25, belowFloor: false });
  });
});
