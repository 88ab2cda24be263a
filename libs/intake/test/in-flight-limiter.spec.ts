import { InFlightLimiter } from '../src/in-flight-limiter';

describe('InFlightLimiter', () => {
  it('admits work up to its capacity and refuses beyond', () => {
    const limiter = new InFlightLimiter(1000);
    const first = limiter.tryAcquire(600);
    expect(first).toBeDefined();
    expect(limiter.tryAcquire(500)).toBeUndefined();
    const second = limiter.tryAcquire(400);
    expect(second).toBeDefined();
    expect(limiter.inFlight).toBe(1000);
    first!();
    expect(limiter.inFlight).toBe(400);
    expect(limiter.tryAcquire(600)).toBeDefined();
  });

  it('lets one oversized request through an idle limiter', () => {
    const limiter = new InFlightLimiter(100);
    const release = limiter.tryAcquire(500);
    expect(release).toBeDefined();
    expect(limiter.tryAcquire(1)).toBeUndefined();
    release!();
    expect(limiter.inFlight).toBe(0);
  });

  it('ignores a second release of the same reservation', () => {
    const limiter = new InFlightLimiter(10);
    const release = limiter.tryAcquire(5)!;
    limiter.tryAcquire(5);
    release();
    release();
    expect(limiter.inFlight).toBe(5);
  });

  it('rejects a capacity below one', () => {
    expect(() => new InFlightLimiter(0)).toThrow(RangeError);
  });
});
