import { applyEvent, foldUser, initialUserTagState, UnprocessableEventError, utcDay } from '@tagstream/tagging';
import { given, GOLD_A } from './given';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function rejection(fn: () => unknown): { field?: string; reason: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof UnprocessableEventError) return { field: error.field, reason: error.reason };
    throw error;
  }
  throw new Error('expected the event to be rejected');
}

describe('fold', () => {
  it('never mutates the state it is given', () => {
    const state = deepFreeze(foldUser([given.subscribed(GOLD_A), given.followed(GOLD_A), given.autoInvestStarted('p1', GOLD_A)]).state);
    const after = foldUser([given.redeemed(GOLD_A, true), given.unfollowed(GOLD_A), given.autoInvestStopped('p1'), given.riskAssessed('C1')], state);
    expect(after.stateTags).toEqual(['risk:C1']);
    expect(foldUser([], state).stateTags).toEqual(['dca:active', 'follows:gold', 'holder:gold', 'inst:acme:dca', 'inst:acme:follower', 'inst:acme:holder']);
  });

  it('state survives a JSON round trip (it is persisted between runs)', () => {
    const first = foldUser([given.subscribed(GOLD_A), given.consentChanged(false)]);
    const restored = JSON.parse(JSON.stringify(first.state));
    const resumed = foldUser([given.redeemed(GOLD_A, true)], restored);
    const whole = foldUser([given.subscribed(GOLD_A), given.consentChanged(false), given.redeemed(GOLD_A, true)]);
    expect([resumed.state, resumed.stateTags, resumed.personalized]).toEqual([whole.state, whole.stateTags, whole.personalized]);
  });

  it('splitting a history anywhere gives the same result as folding it at once', () => {
    const history = [given.subscribed(GOLD_A), given.viewed(GOLD_A, 9), given.redeemed(GOLD_A, false), given.riskAssessed('C2'), given.redeemed(GOLD_A, true)];
    const whole = foldUser(history);
    for (let cut = 0; cut <= history.length; cut++) {
      const head = foldUser(history.slice(0, cut));
      expect(foldUser(history.slice(cut), head.state).stateTags).toEqual(whole.stateTags);
    }
  });

  it.each([
    ['an unknown type', { type: 'FundBought', occurredAt: '2026-11-20T00:00:00Z', data: {} }, 'type'],
    ['a missing field a rule reads', { type: 'FundSubscribed', occurredAt: '2026-11-20T00:00:00Z', data: { fundCode: '000001' } }, 'data.category'],
    ['a value out of range', { type: 'RiskAssessed', occurredAt: '2026-11-20T00:00:00Z', data: { level: 'C9' } }, 'data.level'],
    ['a wrongly typed flag', { type: 'FundRedeemed', occurredAt: '2026-11-20T00:00:00Z', data: { ...GOLD_A, full: 'yes' } }, 'data.full'],
    ['an unreadable occurredAt', { type: 'SessionStarted', occurredAt: 'yesterday', data: {} }, 'occurredAt'],
    ['data that is not an object', { type: 'SessionStarted', occurredAt: '2026-11-20T00:00:00Z', data: null as never }, 'data'],
  ])('rejects %s, naming the field, without changing the state', (_label, event, field) => {
    const state = deepFreeze(initialUserTagState());
    expect(rejection(() => applyEvent(state, event)).field).toBe(field);
  });

  it('rejects an event as a whole: no rule applies half of it', () => {
    const broken = { ...given.subscribed(GOLD_A), data: { fundCode: '000001', category: 'gold' } };
    expect(rejection(() => foldUser([broken])).field).toBe('data.institutionId');
  });

  it('takes the UTC day of any offset', () => {
    expect(utcDay('2026-01-01T07:00:00+08:00')).toBe('2025-12-31');
    expect(utcDay('2026-01-01T23:30:00.123-05:00')).toBe('2026-01-02');
  });
});
