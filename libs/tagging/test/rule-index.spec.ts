import { ActivityRule, FORBIDDEN_FIELDS, LineageEntry, StateRule, TagDefinition } from '@tagstream/tagging';
import { buildRuleIndex, RULES_BY_EVENT_TYPE } from '../src/fold/rule-index';

const definition = (pattern: string, lineage: LineageEntry[]): TagDefinition => ({
  id: pattern,
  kind: 'state',
  pattern,
  description: pattern,
  visibility: 'platform',
  lineage,
  params: [],
});
const stateRule = (pattern: string, lineage: LineageEntry[]): StateRule => ({
  definition: definition(pattern, lineage),
  initial: null,
  evolve: (slice) => slice,
  tags: () => [],
});
const activityRule = (pattern: string, lineage: LineageEntry[]): ActivityRule => ({
  definition: { ...definition(pattern, lineage), kind: 'activity' },
  tags: () => [],
});
const NO_CONSENT = { lineage: [] };

/** Fields outside the readable set: the forbidden ones, others of the catalog, and names a plain object inherits. */
const UNREADABLE = [...FORBIDDEN_FIELDS, 'frequency', 'articleId', 'device', 'channel', 'toString', '__proto__'];

describe('the rule index refuses, at load time, a lineage naming an unreadable field', () => {
  it.each(UNREADABLE)('a state rule declaring %s', (field) => {
    const rule = stateRule('leaky:<x>', [{ eventType: 'FundSubscribed', fields: ['fundCode', field] }]);
    expect(() => buildRuleIndex([rule], [], NO_CONSENT)).toThrow(`leaky:<x> declares FundSubscribed.${field}, which no tag may read`);
  });

  it.each(UNREADABLE)('an activity rule declaring %s', (field) => {
    const rule = activityRule('leaky_activity', [{ eventType: 'SessionStarted', fields: [field] }]);
    expect(() => buildRuleIndex([], [rule], NO_CONSENT)).toThrow(`leaky_activity declares SessionStarted.${field}, which no tag may read`);
  });

  it.each(UNREADABLE)('the consent rule declaring %s', (field) => {
    const consent = { lineage: [{ eventType: 'MarketingConsentChanged' as const, fields: ['personalized', field] }] };
    expect(() => buildRuleIndex([], [], consent)).toThrow(`consent declares MarketingConsentChanged.${field}, which no tag may read`);
  });

  it('a bad entry after a good one of the same rule', () => {
    const rule = stateRule('late:<x>', [
      { eventType: 'FundViewed', fields: ['fundCode'] },
      { eventType: 'FundRedeemed', fields: ['amount'] },
    ]);
    expect(() => buildRuleIndex([rule], [], NO_CONSENT)).toThrow('late:<x> declares FundRedeemed.amount, which no tag may read');
  });
});

describe('the rule index', () => {
  it('lists, per event type, each rule with the entry it declared for that type', () => {
    const viewedEntry: LineageEntry = { eventType: 'FundViewed', fields: ['fundCode', 'dwellSeconds'] };
    const followedEntry: LineageEntry = { eventType: 'FundFollowed', fields: ['fundCode'] };
    const follows = stateRule('follows:<x>', [followedEntry]);
    const views = stateRule('views:<x>', [{ eventType: 'FundFollowed', fields: ['category'] }]);
    const viewed = activityRule('viewed', [viewedEntry]);
    const consentEntry: LineageEntry = { eventType: 'MarketingConsentChanged', fields: ['personalized'] };

    const index = buildRuleIndex([follows, views], [viewed], { lineage: [consentEntry] });

    expect([...index.keys()].sort()).toEqual(['FundFollowed', 'FundViewed', 'MarketingConsentChanged']);
    expect(index.get('FundFollowed')).toEqual({
      state: [
        { rule: follows, entry: followedEntry },
        { rule: views, entry: { eventType: 'FundFollowed', fields: ['category'] } },
      ],
      activity: [],
    });
    expect(index.get('FundViewed')).toEqual({ state: [], activity: [{ rule: viewed, entry: viewedEntry }] });
    expect(index.get('MarketingConsentChanged')).toEqual({ state: [], activity: [], consent: consentEntry });
  });

  it('is built from the real rules, none of which reads a forbidden field', () => {
    expect(RULES_BY_EVENT_TYPE.get('MarketingConsentChanged')?.consent).toEqual({ eventType: 'MarketingConsentChanged', fields: ['personalized'] });
    for (const rules of RULES_BY_EVENT_TYPE.values()) {
      const entries = [...rules.state, ...rules.activity].map(({ entry }) => entry).concat(rules.consent ?? []);
      for (const entry of entries) for (const field of FORBIDDEN_FIELDS) expect(entry.fields).not.toContain(field);
    }
    expect(RULES_BY_EVENT_TYPE.get('FundSubscribed')?.state.length).toBeGreaterThan(0);
  });
});
