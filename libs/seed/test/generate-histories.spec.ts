import { DomainEvent, DomainEventOf, validateEventBatch } from '@tagstream/events';
import { createRandom, generateHistories, generateUserHistories, inBatches } from '@tagstream/seed';

const now = new Date('2026-11-20T12:00:00Z');
const sample = [...generateHistories({ users: 600, days: 60, seed: 7, now })];
const ofType = <K extends DomainEvent['type']>(type: K) => sample.filter((e): e is DomainEventOf<K> => e.type === type);
const usersOf = (events: DomainEvent[]) => new Set(events.map((e) => e.userId));

describe('generateHistories', () => {
  it('produces only events the intake accepts', () => {
    for (const batch of inBatches(sample, 1000)) {
      const result = validateEventBatch({ events: batch }, () => now);
      expect(result.ok ? [] : result.problems.slice(0, 3)).toEqual([]);
    }
  });

  it('is deterministic from the seed, ids included, and changes with it', () => {
    const again = [...generateHistories({ users: 600, days: 60, seed: 7, now })];
    expect(JSON.stringify(again) === JSON.stringify(sample)).toBe(true);
    const other = [...generateHistories({ users: 50, days: 60, seed: 8, now })];
    expect(other.map((e) => e.eventId)).not.toEqual(sample.slice(0, other.length).map((e) => e.eventId));
  });

  it("gives a user the same history whatever the population around it", () => {
    const alone = [...generateHistories({ users: 1, days: 60, seed: 7, now, firstUser: 42 })];
    expect(alone.length).toBeGreaterThan(0);
    expect(alone).toEqual(sample.filter((e) => e.userId === 'u7-42'));
  });

  it('yields users one after another, each in time order, within the window', () => {
    const seenUsers = new Set<string>();
    const violations: string[] = [];
    let last = { user: '', at: 0 };
    for (const event of sample) {
      const at = Date.parse(event.occurredAt);
      if (event.userId !== last.user) {
        if (seenUsers.has(event.userId)) violations.push(`${event.userId} comes back`);
        seenUsers.add(event.userId);
      } else if (at < last.at) {
        violations.push(`${event.eventId} goes back in time`);
      }
      if (at > now.getTime() || at < now.getTime() - 60 * 86_400_000) violations.push(`${event.eventId} outside the window`);
      last = { user: event.userId, at };
    }
    expect(violations).toEqual([]);
    expect(seenUsers.size).toBeGreaterThan(500);
  });

  it('has unique event ids', () => {
    expect(new Set(sample.map((e) => e.eventId)).size).toBe(sample.length);
  });

  it('is dominated by fund views', () => {
    const views = ofType('FundViewed').length;
    expect(views / sample.length).toBeGreaterThan(0.4);
    for (const type of ['SessionStarted', 'CampaignExposed', 'ArticleRead'] as const) expect(views).toBeGreaterThan(ofType(type).length);
  });

  it('narrows from view to follow to subscription', () => {
    const views = ofType('FundViewed').length;
    const follows = ofType('FundFollowed').length;
    const subscriptions = ofType('FundSubscribed').length;
    expect(follows).toBeLessThan(views / 5);
    expect(subscriptions).toBeLessThan(follows);
    expect(subscriptions).toBeGreaterThan(0);
  });

  it('only redeems funds the user holds and only stops plans that were started', () => {
    const held = new Map<string, Set<string>>();
    const plans = new Set<string>();
    const violations: string[] = [];
    for (const event of sample) {
      const mine = held.get(event.userId) ?? new Set<string>();
      held.set(event.userId, mine);
      if (event.type === 'FundSubscribed') mine.add(event.data.fundCode);
      if (event.type === 'FundRedeemed') {
        if (!mine.has(event.data.fundCode)) violations.push(`${event.eventId} redeems a fund not held`);
        if (event.data.full) mine.delete(event.data.fundCode);
      }
      if (event.type === 'AutoInvestStarted') plans.add(event.data.planId);
      if (event.type === 'AutoInvestStopped' && !plans.has(event.data.planId)) violations.push(`${event.eventId} stops an unknown plan`);
    }
    expect(violations).toEqual([]);
  });

  it('has both full and partial redemptions, and plans that start and stop', () => {
    const redemptions = ofType('FundRedeemed');
    expect(redemptions.filter((e) => e.data.full).length).toBeGreaterThan(10);
    expect(redemptions.filter((e) => !e.data.full).length).toBeGreaterThan(10);
    expect(ofType('AutoInvestStarted').length).toBeGreaterThan(ofType('AutoInvestStopped').length);
    expect(ofType('AutoInvestStopped').length).toBeGreaterThan(5);
  });

  it('spreads risk levels over C1–C5', () => {
    const levels = new Map<string, number>();
    for (const event of ofType('RiskAssessed')) levels.set(event.data.level, (levels.get(event.data.level) ?? 0) + 1);
    expect([...levels.keys()].sort()).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    for (const count of levels.values()) expect(count / ofType('RiskAssessed').length).toBeGreaterThan(0.05);
  });

  it('clicks a few percent of campaign exposures', () => {
    const rate = ofType('CampaignClicked').length / ofType('CampaignExposed').length;
    expect(rate).toBeGreaterThan(0.02);
    expect(rate).toBeLessThan(0.07);
  });

  it('has about 3 % of users opting out of personalised marketing, some opting back in', () => {
    const outs = usersOf(ofType('MarketingConsentChanged').filter((e) => !e.data.personalized));
    const share = outs.size / usersOf(sample).size;
    expect(share).toBeGreaterThan(0.015);
    expect(share).toBeLessThan(0.05);
    expect(ofType('MarketingConsentChanged').some((e) => e.data.personalized)).toBe(true);
  });

  it('keeps raw amounts and regions in the events', () => {
    expect(ofType('FundSubscribed').every((e) => Number(e.data.amount) > 0)).toBe(true);
    expect(new Set(ofType('SessionStarted').map((e) => e.data.region)).size).toBeGreaterThan(10);
    expect(ofType('UserRegistered').length).toBeGreaterThan(0);
  });

  it('reads articles of every kind', () => {
    expect(new Set(ofType('ArticleRead').map((e) => e.data.kind))).toEqual(new Set(['manager_letter', 'market_analysis', 'education']));
  });

  it('rejects nonsense options', () => {
    expect(() => generateHistories({ users: -1, days: 1, now }).next()).toThrow('users');
    expect(() => generateHistories({ users: 1, days: 0, now }).next()).toThrow('days');
    expect(() => generateHistories({ users: 1, days: 1, seed: 1.5, now }).next()).toThrow('seed');
  });

  it('offers the same histories one array per user', () => {
    const perUser = [...generateUserHistories({ users: 20, days: 60, seed: 7, now })];
    expect(perUser.flat()).toEqual(sample.filter((e) => Number(e.userId.split('-')[1]) < 20));
  });
});

describe('createRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createRandom('x');
    const b = createRandom('x');
    const c = createRandom('y');
    const draw = (r: ReturnType<typeof createRandom>) => Array.from({ length: 5 }, () => r.next());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('mints version-4 shaped UUIDs', () => {
    const random = createRandom('ids');
    for (let i = 0; i < 100; i++) expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('inBatches', () => {
  it('splits into batches of the given size with a short last one', () => {
    expect([...inBatches([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
  });
});
