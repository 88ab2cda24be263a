import { flooredOf } from './endpoints';

describe('flooredOf', () => {
  it('keeps the reason of a number the difference check withheld, and only that reason', () => {
    expect(flooredOf({ size: null, belowFloor: true, reason: 'difference' })).toEqual({ value: null, belowFloor: true, reason: 'difference' });
    expect(flooredOf({ size: null, belowFloor: true })).toEqual({ value: null, belowFloor: true });
    expect(flooredOf({ size: 120, belowFloor: false })).toEqual({ value: 120, belowFloor: false });
    expect(flooredOf({ size: null, belowFloor: true, reason: 'something else' })).toEqual({ value: null, belowFloor: true });
  });
});
