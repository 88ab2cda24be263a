import { judgeHeartbeat } from './remote-projector-health';

const at = (iso: string) => new Date(iso);
const beat = (writtenAt: string, lagSeconds: number) => ({
  writtenAt: at(writtenAt),
  position: '120/120',
  lagEvents: 3,
  lagSeconds,
  behindStore: lagSeconds > 0,
  caughtUp: lagSeconds === 0,
});

describe("the projector's readiness from its heartbeat", () => {
  it('is not ready before the projector has ever reported', () => {
    expect(judgeHeartbeat(undefined, at('2026-11-23T10:00:00Z'), 30)).toEqual({
      up: false,
      details: { source: 'heartbeat', error: 'the projector has not reported yet', maxLagSeconds: 30 },
    });
  });

  it('is ready while the reported lag is within the limit, and says what was reported and when', () => {
    expect(judgeHeartbeat(beat('2026-11-23T10:00:00Z', 2.5), at('2026-11-23T10:00:04Z'), 30)).toEqual({
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
    expect(judgeHeartbeat(beat('2026-11-23T10:00:00Z', 31), at('2026-11-23T10:00:01Z'), 30).up).toBe(false);
  });

  it('is not ready when the projector has gone silent for longer than the limit', () => {
    const status = judgeHeartbeat(beat('2026-11-23T10:00:00Z', 0), at('2026-11-23T10:00:31Z'), 30);
    expect(status).toMatchObject({ up: false, details: { silentSeconds: 31, error: 'the projector has not reported for 31 s' } });
  });

  it('allows three missed beats even under a tight lag limit', () => {
    expect(judgeHeartbeat(beat('2026-11-23T10:00:00Z', 0), at('2026-11-23T10:00:14Z'), 1).up).toBe(true);
    expect(judgeHeartbeat(beat('2026-11-23T10:00:00Z', 0), at('2026-11-23T10:00:16Z'), 1).up).toBe(false);
  });
});
