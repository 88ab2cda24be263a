import { EVENT_TYPES, eventDefinition, EventTypeName, parseEventBatch, validateEventBatch } from '@tagstream/events';
import { ValidationFailedError } from '@tagstream/common';
import { clock, uuid, VALID_DATA, validEvent } from './fixtures';

function problemsOf(body: unknown) {
  const result = validateEventBatch(body, clock);
  if (result.ok) throw new Error('expected the batch to be rejected');
  return result.problems;
}

describe('validateEventBatch', () => {
  describe('given one valid event of every type', () => {
    it.each(EVENT_TYPES)('accepts %s and returns it typed, as sent', (type) => {
      const event = validEvent(type);
      const result = validateEventBatch({ events: [event] }, clock);
      expect(result).toEqual({ ok: true, events: [event] });
    });

    it('keeps the order of the batch', () => {
      const events = EVENT_TYPES.map((type) => validEvent(type));
      const result = validateEventBatch({ events }, clock);
      expect(result.ok && result.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    });
  });

  describe('batch shape', () => {
    it.each([
      ['a string', 'nope', [{ path: 'body', rule: 'isObject' }]],
      ['an array', [], [{ path: 'body', rule: 'isObject' }]],
      ['null', null, [{ path: 'body', rule: 'isObject' }]],
      ['an object without events', {}, [{ path: 'events', rule: 'isDefined' }]],
      ['events not an array', { events: {} }, [{ path: 'events', rule: 'isArray' }]],
      ['an empty batch', { events: [] }, [{ path: 'events', rule: 'arrayMinSize' }]],
      ['an unknown top-level field', { events: [validEvent('RiskAssessed')], extra: 1 }, [{ path: 'extra', rule: 'unknownField' }]],
    ])('rejects %s', (_label, body, expected) => {
      expect(problemsOf(body)).toEqual(expected.map((e) => expect.objectContaining(e)));
    });

    it('accepts 1000 events and rejects 1001 without looking at the items', () => {
      const thousand = Array.from({ length: 1000 }, () => validEvent('RiskAssessed'));
      expect(validateEventBatch({ events: thousand }, clock).ok).toBe(true);
      const tooMany = [...thousand, { not: 'an event' }];
      expect(problemsOf({ events: tooMany })).toEqual([
        { path: 'events', rule: 'arrayMaxSize', message: 'must hold at most 1000 events, got 1001' },
      ]);
    });
  });

  describe('envelope', () => {
    it('rejects an item that is not an object', () => {
      expect(problemsOf({ events: [validEvent('RiskAssessed'), 42] })).toEqual([
        { index: 1, path: 'events[1]', rule: 'isObject', message: 'must be an event object' },
      ]);
    });

    it.each([
      ['eventId', 'not-a-uuid', 'isUuid'],
      ['eventId', 12, 'isUuid'],
      ['userId', '', 'isUserId'],
      ['userId', 'has space', 'isUserId'],
      ['userId', 'x'.repeat(65), 'isUserId'],
      ['userId', 'ü', 'isUserId'],
      ['occurredAt', '2026-11-20T08:30:00', 'isDateTimeWithOffset'],
      ['occurredAt', '2026-11-20', 'isDateTimeWithOffset'],
      ['occurredAt', '2026-02-30T08:30:00Z', 'isDateTimeWithOffset'],
      ['occurredAt', '2026-11-20T24:00:00Z', 'isDateTimeWithOffset'],
      ['occurredAt', '2026-11-20T08:30:00+15:00', 'isDateTimeWithOffset'],
      ['occurredAt', 1763627400000, 'isDateTimeWithOffset'],
      ['data', [], 'isObject'],
      ['data', 'x', 'isObject'],
    ])('rejects %s = %j with rule %s', (field, value, rule) => {
      const problems = problemsOf({ events: [validEvent('RiskAssessed', { [field]: value })] });
      expect(problems).toEqual([expect.objectContaining({ index: 0, path: `events[0].${field}`, rule })]);
    });

    it.each(['eventId', 'type', 'userId', 'occurredAt', 'data'])('reports a missing %s as isDefined', (field) => {
      const event = validEvent('RiskAssessed');
      delete event[field];
      expect(problemsOf({ events: [event] })).toEqual([
        { index: 0, path: `events[0].${field}`, rule: 'isDefined', message: 'is required' },
      ]);
    });

    it('names an unknown type and lists the allowed ones', () => {
      const problems = problemsOf({ events: [validEvent('RiskAssessed', { type: 'FundBought' })] });
      expect(problems).toEqual([
        {
          index: 0,
          path: 'events[0].type',
          rule: 'knownType',
          message: `unknown event type "FundBought"; allowed: ${EVENT_TYPES.join(', ')}`,
          allowed: EVENT_TYPES,
        },
      ]);
    });

    it('rejects unknown envelope fields', () => {
      const problems = problemsOf({ events: [validEvent('RiskAssessed', { schemaVersion: 1 })] });
      expect(problems).toEqual([
        { index: 0, path: 'events[0].schemaVersion', rule: 'unknownField', message: 'is not a field of this object' },
      ]);
    });

    it('accepts occurredAt up to exactly 5 minutes ahead of the clock and rejects later', () => {
      const atLimit = validEvent('RiskAssessed', { occurredAt: '2026-11-20T12:05:00Z' });
      const inOtherOffset = validEvent('RiskAssessed', { occurredAt: '2026-11-20T20:05:00.000+08:00' });
      expect(validateEventBatch({ events: [atLimit, inOtherOffset] }, clock).ok).toBe(true);
      const beyond = validEvent('RiskAssessed', { occurredAt: '2026-11-20T12:05:00.001Z' });
      expect(problemsOf({ events: [beyond] })).toEqual([
        {
          index: 0,
          path: 'events[0].occurredAt',
          rule: 'notInFuture',
          message: 'must not be more than 5 minutes in the future',
        },
      ]);
    });

    it('accepts fractional seconds and negative offsets', () => {
      const events = ['2026-11-19T23:59:59.123456789Z', '2026-11-19T20:00:00-05:30'].map((occurredAt) =>
        validEvent('RiskAssessed', { occurredAt }),
      );
      expect(validateEventBatch({ events }, clock).ok).toBe(true);
    });

    it('lower-cases eventIds so the idempotency key does not depend on letter case', () => {
      const event = validEvent('RiskAssessed', { eventId: 'A1B2C3D4-0000-4000-8000-00000000ABCD' });
      const result = validateEventBatch({ events: [event] }, clock);
      expect(result.ok && result.events[0].eventId).toBe('a1b2c3d4-0000-4000-8000-00000000abcd');
    });
  });

  describe('eventId reuse inside one batch', () => {
    it('lets the same user repeat an eventId (the repeat is a duplicate, handled at append)', () => {
      const id = uuid();
      const result = validateEventBatch({ events: [validEvent('RiskAssessed', { eventId: id }), validEvent('RiskAssessed', { eventId: id })] }, clock);
      expect(result.ok && result.events).toHaveLength(2);
    });

    it('rejects one eventId for two users', () => {
      const id = uuid();
      const events = [validEvent('RiskAssessed', { eventId: id }), validEvent('RiskAssessed', { eventId: id.toUpperCase(), userId: 'other' })];
      expect(problemsOf({ events })).toEqual([
        { index: 1, path: 'events[1].eventId', rule: 'uniqueEventId', message: 'is already used by events[0] for another user' },
      ]);
    });
  });

  describe('data rules', () => {
    type Case = [EventTypeName, string, unknown, string];
    const fundTypes: EventTypeName[] = ['FundViewed', 'FundFollowed', 'FundUnfollowed', 'FundSubscribed', 'FundRedeemed', 'AutoInvestStarted'];
    const cases: Case[] = [
      ['UserRegistered', 'channel', 'fax', 'isIn'],
      ['UserRegistered', 'region', '', 'minLength'],
      ['UserRegistered', 'region', 'r'.repeat(65), 'maxLength'],
      ['UserRegistered', 'region', 7, 'isString'],
      ['RiskAssessed', 'level', 'C6', 'isIn'],
      ['RiskAssessed', 'level', 'c3', 'isIn'],
      ['FundViewed', 'dwellSeconds', -1, 'min'],
      ['FundViewed', 'dwellSeconds', 86_401, 'max'],
      ['FundViewed', 'dwellSeconds', 1.5, 'isInt'],
      ['FundViewed', 'dwellSeconds', '12', 'isInt'],
      ['FundSubscribed', 'currency', 'USD', 'isIn'],
      ['FundRedeemed', 'full', 'true', 'isBoolean'],
      ['AutoInvestStarted', 'frequency', 'daily', 'isIn'],
      ['AutoInvestStarted', 'planId', '', 'isReferenceId'],
      ['AutoInvestStopped', 'planId', 'has space', 'isReferenceId'],
      ['ArticleRead', 'kind', 'gossip', 'isIn'],
      ['ArticleRead', 'articleId', 'x'.repeat(65), 'isReferenceId'],
      ['ArticleRead', 'institutionId', 'Acme', 'isInstitutionId'],
      ['QuestionAsked', 'topic', 'weather', 'isIn'],
      ['QuestionAsked', 'institutionId', null, 'isInstitutionId'],
      ['QuestionAsked', 'institutionId', '9acme', 'isInstitutionId'],
      ['CampaignExposed', 'campaignId', 5, 'isReferenceId'],
      ['CampaignClicked', 'institutionId', 'a', 'isInstitutionId'],
      ['SessionStarted', 'device', 'tv', 'isIn'],
      ['SessionStarted', 'region', null, 'isString'],
      ['MarketingConsentChanged', 'personalized', 0, 'isBoolean'],
    ];
    for (const type of fundTypes) {
      cases.push(
        [type, 'fundCode', '12345', 'isFundCode'],
        [type, 'fundCode', '1234567', 'isFundCode'],
        [type, 'fundCode', 123456, 'isFundCode'],
        [type, 'category', 'crypto', 'isIn'],
        [type, 'institutionId', 'x'.repeat(33), 'isInstitutionId'],
        [type, 'institutionId', 'acme fund', 'isInstitutionId'],
      );
    }
    for (const type of ['FundSubscribed', 'FundRedeemed', 'AutoInvestStarted'] as EventTypeName[]) {
      for (const amount of ['0', '0.00', '-1', '1.234', '1e3', '01', '.5', '1.', ' 1', 100, '1234567890123456']) {
        cases.push([type, 'amount', amount, 'isAmount']);
      }
    }

    it.each(cases)('%s rejects %s = %j with rule %s', (type, field, value, rule) => {
      const event = validEvent(type, { data: { ...VALID_DATA[type], [field]: value } });
      const problems = problemsOf({ events: [event] });
      expect(problems).toEqual([expect.objectContaining({ index: 0, path: `events[0].data.${field}`, rule })]);
      expect(problems[0].message).toEqual(expect.any(String));
    });

    it.each(['0.01', '1', '1.5', '1000.50', '999999999999999.99'])('accepts amount %s', (amount) => {
      const event = validEvent('FundSubscribed', { data: { ...VALID_DATA.FundSubscribed, amount } });
      expect(validateEventBatch({ events: [event] }, clock).ok).toBe(true);
    });

    it.each([0, 86_400])('accepts dwellSeconds %d', (dwellSeconds) => {
      const event = validEvent('FundViewed', { data: { ...VALID_DATA.FundViewed, dwellSeconds } });
      expect(validateEventBatch({ events: [event] }, clock).ok).toBe(true);
    });

    it('accepts QuestionAsked with or without institutionId', () => {
      const events = [validEvent('QuestionAsked'), validEvent('QuestionAsked', { data: { topic: 'nav_drop', institutionId: 'acme' } })];
      expect(validateEventBatch({ events }, clock).ok).toBe(true);
    });

    it.each(EVENT_TYPES)('%s rejects an unknown data field', (type) => {
      const event = validEvent(type, { data: { ...VALID_DATA[type], amountUsd: '1' } });
      expect(problemsOf({ events: [event] })).toEqual([
        { index: 0, path: 'events[0].data.amountUsd', rule: 'unknownField', message: 'is not a field of this object' },
      ]);
    });

    it.each(EVENT_TYPES.filter((t) => t !== 'QuestionAsked'))('%s reports every missing required field once', (type) => {
      const problems = problemsOf({ events: [validEvent(type, { data: {} })] });
      const fields = eventDefinition(type).fields;
      expect(problems).toEqual(
        fields.map((field) => ({ index: 0, path: `events[0].data.${field}`, rule: 'isDefined', message: 'is required' })),
      );
    });
  });

  describe('every problem of the batch', () => {
    it('lists every bad item by index, field path and rule, and returns no events', () => {
      const events = [
        validEvent('FundViewed'),
        validEvent('FundViewed', { data: { ...VALID_DATA.FundViewed, fundCode: 'abc', category: 'x' } }),
        validEvent('RiskAssessed'),
        validEvent('RiskAssessed', { type: 'Nope', userId: '' }),
      ];
      const problems = problemsOf({ events });
      expect(problems.map(({ index, path, rule }) => ({ index, path, rule }))).toEqual([
        { index: 1, path: 'events[1].data.fundCode', rule: 'isFundCode' },
        { index: 1, path: 'events[1].data.category', rule: 'isIn' },
        { index: 3, path: 'events[3].type', rule: 'knownType' },
        { index: 3, path: 'events[3].userId', rule: 'isUserId' },
      ]);
    });

    it('parseEventBatch throws a ValidationFailedError carrying the problems', () => {
      const body = { events: [validEvent('RiskAssessed', { data: { level: 'C9' } })] };
      expect(() => parseEventBatch(body, clock)).toThrow(ValidationFailedError);
      try {
        parseEventBatch(body, clock);
      } catch (error) {
        expect((error as ValidationFailedError).problems).toEqual([
          expect.objectContaining({ index: 0, path: 'events[0].data.level', rule: 'isIn' }),
        ]);
        expect((error as ValidationFailedError).message).toBe('the batch was rejected: 1 event(s) invalid, nothing was written');
      }
    });
  });
});
