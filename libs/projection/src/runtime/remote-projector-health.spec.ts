import { judgeHeartbeat } from './remote-projector-health';

const beat = (silentSeconds: number, lagSeconds: number) => ({
  writtenAt: new Date('2026-11-23T10:00:00Z'),
  silentSeconds,
  position: '120/120',
  lagEvents: 3,
  lagSeconds,
  behindStore: lagSeconds > 0,
  caughtUp: lagSeconds === 0,
});

describe("the projector's readiness from its heartbeat", () => {
  it('is not ready before the projector has ever reported', () => {
    expect(judgeHeartbeat(undefined, 30)).toEqual({
      up: false,
      details: { source: 'heartbeat', error: 'the projector has not reported yet', maxLagSeconds: 30 },
    });
  });

  it('is ready while the reported lag is within the limit, and says what was reported and when', () => {
    expect(judgeHeartbeat(beat(4, 2.5), 30)).toEqual({
      up: true,
      details: {
        source: 'heartbeat',
        position: '120/120',
        lagEvents: 3,
        lagSeconds: 2.5,
        behindStore: true,
        caughtUp: false,
        reportedAt: '2026-11-23T10:00:00.000Z',
        silentSeconds: 4,
        maxLagSeconds: 30,
      },
    });
  });

  it('is not ready when the reported lag exceeds the limit', () => {
    expect(judgeHeartbeat(beat(1, 31), 30).up).toBe(false);
  });

  it('is not ready when the projector has gone silent for longer than the limit', () => {
    const status = judgeHeartbeat(beat(31, 0), 30);
    expect(status).toMatchObject({ up: false, details: { silentSeconds: 31, error: 'the projector has not reported for 31 s' } });
  });

  it('allows three missed beats even under a tight lag limit', () => {
    expect(judgeHeartbeat(beat(14, 0), 1).up).toBe(true);
    expect(judgeHeartbeat(beat(16, 0), 1).up).toBe(false);
  });
});
