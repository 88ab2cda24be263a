import fc from 'fast-check';
import {
  ARTICLE_KINDS,
  CATEGORIES,
  CHANNELS,
  CURRENCIES,
  DEVICES,
  EVENT_TYPES,
  EventTypeName,
  FREQUENCIES,
  QUESTION_TOPICS,
  RISK_LEVELS,
} from '@tagstream/events';

const fundCode = fc.stringMatching(/^\d{6}$/);
const category = fc.constantFrom(...CATEGORIES);
const institutionId = fc.stringMatching(/^[a-z][a-z0-9_-]{1,31}$/);
const referenceId = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/);
const region = fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.constantFrom('上海', 'CN-SH', 'Guangdong'));
const amount = fc
  .tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom('', '.5', '.05', '.99', '.1'))
  .map(([whole, fraction]) => `${whole}${fraction}`)
  .filter((text) => /[1-9]/.test(text));
const fund = fc.record({ fundCode, category, institutionId });

const DATA: Record<EventTypeName, fc.Arbitrary<Record<string, unknown>>> = {
  UserRegistered: fc.record({ channel: fc.constantFrom(...CHANNELS), region }),
  RiskAssessed: fc.record({ level: fc.constantFrom(...RISK_LEVELS) }),
  FundViewed: fc.tuple(fund, fc.integer({ min: 0, max: 86_400 })).map(([f, dwellSeconds]) => ({ ...f, dwellSeconds })),
  FundFollowed: fund,
  FundUnfollowed: fund,
  FundSubscribed: fc.tuple(fund, amount, fc.constantFrom(...CURRENCIES)).map(([f, a, currency]) => ({ ...f, amount: a, currency })),
  FundRedeemed: fc.tuple(fund, amount, fc.boolean()).map(([f, a, full]) => ({ ...f, amount: a, full })),
  AutoInvestStarted: fc
    .tuple(fund, referenceId, amount, fc.constantFrom(...FREQUENCIES))
    .map(([f, planId, a, frequency]) => ({ planId, ...f, amount: a, frequency })),
  AutoInvestStopped: fc.record({ planId: referenceId }),
  ArticleRead: fc.record({ articleId: referenceId, kind: fc.constantFrom(...ARTICLE_KINDS), institutionId }),
  QuestionAsked: fc.record({ topic: fc.constantFrom(...QUESTION_TOPICS), institutionId }, { requiredKeys: ['topic'] }),
  CampaignExposed: fc.record({ campaignId: referenceId, institutionId }),
  CampaignClicked: fc.record({ campaignId: referenceId, institutionId }),
  SessionStarted: fc.record({ device: fc.constantFrom(...DEVICES), region }),
  MarketingConsentChanged: fc.record({ personalized: fc.boolean() }),
};

/** ISO-8601 with a random offset, within the last year. */
const occurredAt = fc
  .tuple(fc.integer({ min: 0, max: 365 * 86_400_000 }), fc.integer({ min: -48, max: 56 }), fc.boolean())
  .map(([ago, quarterHours, withMillis]) => {
    const offsetMinutes = quarterHours * 15;
    const local = new Date(Date.now() - ago + offsetMinutes * 60_000).toISOString();
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return (withMillis ? local.slice(0, 23) : local.slice(0, 19)) + offset;
  });

const eventOf = (userIds: string[]) =>
  fc.constantFrom(...EVENT_TYPES).chain((type) =>
    fc.record({
      eventId: fc.uuid(),
      type: fc.constant(type),
      userId: fc.constantFrom(...userIds),
      occurredAt,
      data: DATA[type],
    }),
  );

/** A valid batch of 1–40 events over 1–4 users named under `prefix`, eventIds unique. */
export function validBatch(prefix: string): fc.Arbitrary<Record<string, unknown>[]> {
  return fc
    .uniqueArray(fc.stringMatching(/^[A-Za-z0-9_.-]{1,24}$/), { minLength: 1, maxLength: 4 })
    .chain((suffixes) =>
      fc.uniqueArray(eventOf(suffixes.map((s) => `${prefix}${s}`)), { minLength: 1, maxLength: 40, selector: (e) => e.eventId }),
    );
}

type Mutation = (event: Record<string, unknown>) => Record<string, unknown>;

/** Ways to break one event; each is caught by a rule of the catalog. */
export const MUTATIONS: Record<string, Mutation> = {
  unknownDataField: (e) => ({ ...e, data: { ...(e.data as object), extra: 1 } }),
  unknownEnvelopeField: (e) => ({ ...e, note: 'x' }),
  unknownType: (e) => ({ ...e, type: 'FundBought' }),
  badEventId: (e) => ({ ...e, eventId: 'not-a-uuid' }),
  badUserId: (e) => ({ ...e, userId: 'has space' }),
  futureOccurredAt: (e) => ({ ...e, occurredAt: new Date(Date.now() + 3_600_000).toISOString() }),
  noOffset: (e) => ({ ...e, occurredAt: '2026-01-01T00:00:00' }),
  dataNotObject: (e) => ({ ...e, data: 'x' }),
  missingData: (e) => {
    const { data: _dropped, ...rest } = e;
    return rest;
  },
  emptyData: (e) => (e.type === 'QuestionAsked' ? { ...e, type: 'RiskAssessed', data: {} } : { ...e, data: {} }),
};

/** A valid batch with at least one event broken; returns the batch and the broken indexes. */
export function invalidBatch(prefix: string): fc.Arbitrary<{ events: Record<string, unknown>[]; broken: number[] }> {
  return validBatch(prefix).chain((events) =>
    fc
      .uniqueArray(fc.tuple(fc.nat({ max: events.length - 1 }), fc.constantFrom(...Object.keys(MUTATIONS))), {
        minLength: 1,
        maxLength: Math.min(events.length, 5),
        selector: ([index]) => index,
      })
      .map((breaks) => {
        const copy = [...events];
        for (const [index, mutation] of breaks) copy[index] = MUTATIONS[mutation](copy[index]);
        return { events: copy, broken: breaks.map(([index]) => index).sort((a, b) => a - b) };
      }),
  );
}
