import fc from 'fast-check';
import { EVENT_CATALOG } from '@tagstream/events';
import {
  ACTIVITY_RULES,
  applyEvent,
  consentRule,
  FORBIDDEN_FIELDS,
  foldUser,
  initialUserTagState,
  LineageEntry,
  reduceEvent,
  STATE_RULES,
  TaggableEvent,
  TagCatalog,
} from '@tagstream/tagging';
import { BOND_A, given, GOLD_A, GOLD_B } from './given';

const catalog = new TagCatalog();
const allLineage = (): { subject: string; entry: LineageEntry }[] =>
  catalog.lineage().flatMap(({ subject, lineage }) => lineage.map((entry) => ({ subject, entry })));

function declaredFieldsOf(type: string): Set<string> {
  return new Set(allLineage().filter(({ entry }) => entry.eventType === type).flatMap(({ entry }) => entry.fields));
}

/** Wraps `data` so every property read on the raw event is recorded. */
function watched(event: TaggableEvent): { event: TaggableEvent; reads: Set<string> } {
  const reads = new Set<string>();
  const data = new Proxy({ ...event.data }, {
    get(target, key, receiver) {
      if (typeof key === 'string') reads.add(key);
      return Reflect.get(target, key, receiver);
    },
    ownKeys(target) {
      reads.add('*keys*');
      return Reflect.ownKeys(target);
    },
  });
  return { event: { ...event, data }, reads };
}

const everyKindOfEvent = (): TaggableEvent[] => [
  given.registered(),
  given.riskAssessed('C3'),
  given.viewed(GOLD_A, 30),
  given.followed(GOLD_A),
  given.unfollowed(GOLD_A),
  given.subscribed(GOLD_A),
  given.redeemed(GOLD_A, true),
  given.autoInvestStarted('p1', BOND_A),
  given.autoInvestStopped('p1'),
  given.articleRead('manager_letter', 'acme'),
  given.questionAsked('fees', 'beta'),
  given.campaignExposed('acme'),
  given.campaignClicked('acme'),
  given.sessionStarted(),
  given.consentChanged(false),
];

describe('lineage', () => {
  it('no definition (consent included) declares amount, currency or region', () => {
    for (const { subject, entry } of allLineage()) {
      for (const field of FORBIDDEN_FIELDS) expect(`${subject} ${entry.eventType} ${entry.fields.includes(field)}`).toBe(`${subject} ${entry.eventType} false`);
    }
  });

  it('every declared field is a field of that event type in the catalog', () => {
    for (const { subject, entry } of allLineage()) {
      const known = EVENT_CATALOG.get(entry.eventType)!.fields;
      for (const field of entry.fields) expect(`${subject}: ${entry.eventType}.${field} ${known.includes(field)}`).toMatch(/ true$/);
    }
  });

  it('the fold reads from a raw event only the fields some lineage declares for its type, never a forbidden one', () => {
    for (const raw of everyKindOfEvent()) {
      const { event, reads } = watched(raw);
      applyEvent(initialUserTagState(), event);
      const declared = declaredFieldsOf(raw.type);
      expect({ type: raw.type, undeclared: [...reads].filter((key) => !declared.has(key)) }).toEqual({ type: raw.type, undeclared: [] });
    }
  });

  it('a rule is handed a frozen, prototype-less copy holding only its declared fields', () => {
    const entry = STATE_RULES.find((rule) => rule.definition.id === 'holder')!.definition.lineage[0];
    const reduced = reduceEvent(given.subscribed(GOLD_A), entry);
    expect(Object.keys(reduced.data).sort()).toEqual(['category', 'fundCode']);
    expect(Object.getPrototypeOf(reduced.data)).toBeNull();
    expect(Object.isFrozen(reduced.data)).toBe(true);
    expect((reduced.data as Record<string, unknown>).amount).toBeUndefined();
  });

  it('every rule and consent is wired through lineage (none reads events outside it)', () => {
    const families = [...STATE_RULES, ...ACTIVITY_RULES].map((rule) => rule.definition);
    for (const definition of families) expect(definition.lineage.length).toBeGreaterThan(0);
    expect(consentRule.lineage.map((entry) => entry.eventType)).toEqual(['MarketingConsentChanged']);
  });

  it('whatever the forbidden fields hold, the fold gives the same labels', () => {
    const base = everyKindOfEvent().concat([given.subscribed(GOLD_B), given.redeemed(GOLD_B, false)]);
    const noise = fc.oneof(fc.string(), fc.integer(), fc.constant(undefined), fc.constant(null), fc.boolean());
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, noise, noise), { minLength: base.length, maxLength: base.length }), (values) => {
        const scrambled = base.map((event, i) => {
          const [amount, currency, region] = values[i];
          return { ...event, data: { ...event.data, amount, currency, region } };
        });
        expect(foldUser(scrambled)).toEqual(foldUser(base));
      }),
    );
  });
});
