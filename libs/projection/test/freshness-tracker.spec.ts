import { Position } from '../src/core/position';
import { FreshnessTracker } from '../src/runtime/freshness';

const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });
const T0 = Date.parse('2026-11-20T08:00:00Z');

describe('FreshnessTracker', () => {
  let nowMs: number;
  let tracker: FreshnessTracker;
  const seconds = (s: number) => new Date(T0 + s * 1000);

  beforeEach(() => {
    nowMs = T0;
    tracker = new FreshnessTracker(() => new Date(nowMs));
  });

  it('is not caught up before the subscription reached the end, and is once it has with nothing waiting', () => {
    expect(tracker.snapshot()).toMatchObject({ caughtUp: false, lagEvents: 0, lagSeconds: 0, behindStore: false, position: null });
    tracker.subscriptionCaughtUp();
    expect(tracker.snapshot()).toMatchObject({ caughtUp: true, lagSeconds: 0 });
  });

  it('counts received events not yet visible and the age of the oldest', () => {
    tracker.subscriptionCaughtUp();
    tracker.received(seconds(0), at(10));
    tracker.received(seconds(1), at(20));
    nowMs = T0 + 3_000;
    expect(tracker.snapshot()).toMatchObject({ lagEvents: 2, lagSeconds: 3, caughtUp: false, behindStore: false });
    tracker.madeVisible(1, at(10), seconds(0));
    expect(tracker.snapshot()).toMatchObject({ lagEvents: 1, lagSeconds: 2, position: '10/10' });
    tracker.madeVisible(1, at(20), seconds(1));
    expect(tracker.snapshot()).toMatchObject({ lagEvents: 0, lagSeconds: 0, caughtUp: true, position: '20/20' });
  });

  it('is behind the store while the head is past what was scanned, with the age of the first unscanned event', () => {
    tracker.subscriptionCaughtUp();
    tracker.received(seconds(0), at(10));
    tracker.madeVisible(1, at(10), seconds(0));
    // Nothing pending, yet the store holds events the subscription has not reached: the reported bug.
    tracker.storeProbed(at(50), { position: at(20), created: seconds(1) });
    nowMs = T0 + 5_000;
    expect(tracker.snapshot()).toMatchObject({ lagEvents: 0, lagSeconds: 4, behindStore: true, caughtUp: false });

    // Received but not past the head it saw: still behind, the older of the two ages counts.
    tracker.received(seconds(1), at(20));
    expect(tracker.snapshot()).toMatchObject({ lagEvents: 1, lagSeconds: 4, behindStore: true, caughtUp: false });
  });

  it('is caught up again once everything up to the head is scanned (checkpoints count) and made visible', () => {
    tracker.subscriptionCaughtUp();
    tracker.storeProbed(at(50), { position: at(20), created: seconds(1) });
    tracker.received(seconds(1), at(20));
    tracker.scannedTo(at(40));
    nowMs = T0 + 2_000;
    expect(tracker.snapshot()).toMatchObject({ behindStore: true, caughtUp: false });
    tracker.scannedTo(at(50));
    expect(tracker.snapshot()).toMatchObject({ behindStore: false, lagEvents: 1, lagSeconds: 1, caughtUp: false });
    tracker.madeVisible(1, at(20), seconds(1));
    expect(tracker.snapshot()).toMatchObject({ behindStore: false, lagEvents: 0, lagSeconds: 0, caughtUp: true });
  });

  it('a checkpoint behind the scanned position does not move it back', () => {
    tracker.received(seconds(0), at(30));
    tracker.scannedTo(at(20));
    expect(tracker.scannedPosition).toEqual(at(30));
  });

  it('is not behind when the head holds no user event after what was scanned', () => {
    tracker.subscriptionCaughtUp();
    tracker.scannedTo(at(10));
    tracker.storeProbed(at(50), null);
    expect(tracker.snapshot()).toMatchObject({ behindStore: false, caughtUp: true, lagSeconds: 0 });
  });

  it('after a resubscribe, is neither caught up nor past anything until the stored checkpoint is restored', () => {
    tracker.subscriptionCaughtUp();
    tracker.received(seconds(0), at(30));
    tracker.storeProbed(at(50), { position: at(40), created: seconds(0) });
    tracker.resubscribed();
    expect(tracker.scannedPosition).toBeUndefined();
    expect(tracker.snapshot()).toMatchObject({ caughtUp: false, lagEvents: 0, behindStore: true });
    tracker.restoredFrom(at(20), seconds(0));
    expect(tracker.scannedPosition).toEqual(at(20));
  });
});
