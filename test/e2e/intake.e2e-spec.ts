import request from 'supertest';
import { EVENT_TYPES } from '@tagstream/events';
import { event, freshUser, VALID_DATA } from './intake-fixtures';
import { IntakeTestApp, lastPosition, readUserStream, RestartableEventStore, startIntakeApp } from './intake-test-app';

const REJECTED_ONE = 'the batch was rejected: 1 event(s) invalid, nothing was written';

describe('POST /v1/events', () => {
  const store = new RestartableEventStore();
  let t: IntakeTestApp;
  let ingest: string;

  beforeAll(async () => {
    t = await startIntakeApp(await store.start(), store.dataDir);
    ingest = t.token('ingest', 'app-producer');
  });
  afterAll(async () => {
    await t.close();
    await store.destroy();
  });

  const post = (body: unknown, token = ingest) =>
    request(t.server).post('/v1/events').set('authorization', `Bearer ${token}`).send(body as object);

  describe('accepted batches', () => {
    it('answers 202 and stores each user’s events in order, with metadata', async () => {
      const [alice, bob] = [freshUser('alice'), freshUser('bob')];
      const events = [
        event('UserRegistered', alice),
        event('SessionStarted', bob),
        event('FundViewed', alice),
        event('RiskAssessed', bob),
        event('FundSubscribed', alice),
      ];
      const response = await post({ events }).set('x-request-id', 'req-order-1');
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ accepted: 5, duplicates: 0 });

      const aliceStream = await readUserStream(t.store, alice);
      expect(aliceStream.map((s) => s.event)).toEqual([events[0], events[2], events[4]]);
      expect((await readUserStream(t.store, bob)).map((s) => s.event)).toEqual([events[1], events[3]]);
      expect(aliceStream[0].metadata).toEqual({
        schemaVersion: 1,
        occurredAt: events[0].occurredAt,
        requestId: 'req-order-1',
        producer: 'app-producer',
      });
    });

    it.each(EVENT_TYPES)('accepts and round-trips a %s', async (type) => {
      const user = freshUser();
      const posted = event(type, user);
      expect((await post({ events: [posted] })).body).toEqual({ accepted: 1, duplicates: 0 });
      expect((await readUserStream(t.store, user)).map((s) => s.event)).toEqual([posted]);
    });

    it('acknowledges a resent batch as duplicates and stores nothing twice', async () => {
      const user = freshUser();
      const events = [event('FundViewed', user), event('FundFollowed', user)];
      expect((await post({ events })).body).toEqual({ accepted: 2, duplicates: 0 });
      expect((await post({ events })).body).toEqual({ accepted: 0, duplicates: 2 });
      expect(await readUserStream(t.store, user)).toHaveLength(2);
    });

    it('stores only the new part of an overlapping batch, after what is already there', async () => {
      const user = freshUser();
      const [a, b, c] = [event('FundViewed', user), event('FundFollowed', user), event('FundSubscribed', user)];
      await post({ events: [a, b] });
      expect((await post({ events: [b, c, a] })).body).toEqual({ accepted: 1, duplicates: 2 });
      expect((await readUserStream(t.store, user)).map((s) => s.event)).toEqual([a, b, c]);
    });

    it('treats an eventId repeated in one batch for the same user as a duplicate (first wins)', async () => {
      const user = freshUser();
      const first = event('RiskAssessed', user, { data: { level: 'C1' } });
      const repeat = { ...first, data: { level: 'C5' } };
      expect((await post({ events: [first, repeat] })).body).toEqual({ accepted: 1, duplicates: 1 });
      expect((await readUserStream(t.store, user)).map((s) => s.event)).toEqual([first]);
    });

    it('matches eventIds regardless of letter case', async () => {
      const user = freshUser();
      const posted = event('RiskAssessed', user);
      await post({ events: [posted] });
      const shouted = { ...posted, eventId: String(posted.eventId).toUpperCase() };
      expect((await post({ events: [shouted] })).body).toEqual({ accepted: 0, duplicates: 1 });
    });

    it('accepts occurredAt 4 minutes ahead of the clock', async () => {
      const posted = event('RiskAssessed', freshUser(), { occurredAt: new Date(Date.now() + 4 * 60_000).toISOString() });
      expect((await post({ events: [posted] })).status).toBe(202);
    });
  });

  describe('rejected batches: 400 listing every bad item, nothing written', () => {
    async function expectRejected(body: unknown, problems: unknown[], message = REJECTED_ONE) {
      const before = await lastPosition(t.store);
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: { code: 'validation_failed', message, details: { problems } } });
      expect(await lastPosition(t.store)).toEqual(before);
    }
    const only = (overrides: Record<string, unknown>, type: (typeof EVENT_TYPES)[number] = 'RiskAssessed') => ({
      events: [event(type, freshUser(), overrides)],
    });
    const withData = (type: (typeof EVENT_TYPES)[number], data: Record<string, unknown>) => only({ data: { ...VALID_DATA[type], ...data } }, type);
    const problem = (path: string, rule: string, message: string, index = 0) => ({ index, path: `events[${index}].${path}`, rule, message });

    it('a body that is not an object', () =>
      expectRejected([], [{ path: 'body', rule: 'isObject', message: 'must be a JSON object { "events": [ … ] }' }], 'the batch was rejected: the body is not a valid batch'));

    it('a body without events', () =>
      expectRejected({}, [{ path: 'events', rule: 'isDefined', message: 'is required' }], 'the batch was rejected: the body is not a valid batch'));

    it('events that are not an array', () =>
      expectRejected({ events: 'x' }, [{ path: 'events', rule: 'isArray', message: 'must be an array of events' }], 'the batch was rejected: the body is not a valid batch'));

    it('an empty batch', () =>
      expectRejected({ events: [] }, [{ path: 'events', rule: 'arrayMinSize', message: 'must hold at least 1 event' }], 'the batch was rejected: the body is not a valid batch'));

    it('more than 1000 events', () =>
      expectRejected(
        { events: Array.from({ length: 1001 }, () => ({})) },
        [{ path: 'events', rule: 'arrayMaxSize', message: 'must hold at most 1000 events, got 1001' }],
        'the batch was rejected: the body is not a valid batch',
      ));

    it('an unknown top-level field', () =>
      expectRejected(
        { events: [event('RiskAssessed', freshUser())], dryRun: true },
        [{ path: 'dryRun', rule: 'unknownField', message: 'is not a field of the batch' }],
        'the batch was rejected: the body is not a valid batch',
      ));

    it('an item that is not an object', () =>
      expectRejected({ events: ['x'] }, [{ index: 0, path: 'events[0]', rule: 'isObject', message: 'must be an event object' }]));

    it('an eventId that is not a UUID', () => expectRejected(only({ eventId: 'abc' }), [problem('eventId', 'isUuid', 'must be a UUID')]));

    it('an unknown type, named with the allowed types', () =>
      expectRejected(only({ type: 'FundBought' }), [
        {
          ...problem('type', 'knownType', `unknown event type "FundBought"; allowed: ${EVENT_TYPES.join(', ')}`),
          allowed: [...EVENT_TYPES],
        },
      ]));

    it('a bad userId', () =>
      expectRejected(only({ userId: 'no spaces allowed' }), [problem('userId', 'isUserId', 'must be 1–64 characters of A–Z, a–z, 0–9, _, . or -')]));

    it('an occurredAt without offset', () =>
      expectRejected(only({ occurredAt: '2026-11-20T08:30:00' }), [
        problem('occurredAt', 'isDateTimeWithOffset', 'must be an ISO-8601 date-time with seconds and an offset, e.g. 2026-11-20T08:30:00+08:00'),
      ]));

    it('an occurredAt more than 5 minutes ahead', () =>
      expectRejected(only({ occurredAt: new Date(Date.now() + 6 * 60_000).toISOString() }), [
        problem('occurredAt', 'notInFuture', 'must not be more than 5 minutes in the future'),
      ]));

    it('data that is not an object', () => expectRejected(only({ data: [1] }), [problem('data', 'isObject', 'must be an object')]));

    it('an unknown envelope field', () => expectRejected(only({ version: 2 }), [problem('version', 'unknownField', 'is not a field of this object')]));

    it('an unknown data field', () =>
      expectRejected(withData('FundViewed', { price: '1.0' }), [problem('data.price', 'unknownField', 'is not a field of this object')]));

    it('a missing data field', () => expectRejected(only({ data: {} }), [problem('data.level', 'isDefined', 'is required')]));

    it('a bad fundCode', () => expectRejected(withData('FundViewed', { fundCode: '12345' }), [problem('data.fundCode', 'isFundCode', 'must be a string of six digits')]));

    it('a category outside the value set', () =>
      expectRejected(withData('FundFollowed', { category: 'crypto' }), [
        problem('data.category', 'isIn', 'must be one of: money_market, bond, equity, hybrid, index, qdii, gold, fof'),
      ]));

    it('a bad institutionId', () =>
      expectRejected(withData('CampaignExposed', { institutionId: 'Acme' }), [
        problem('data.institutionId', 'isInstitutionId', 'must match ^[a-z][a-z0-9_-]{1,31}$'),
      ]));

    it.each(['0', '1.234', '-5', '1e3'])('an amount of %s', (amount) =>
      expectRejected(withData('FundSubscribed', { amount }), [
        problem('data.amount', 'isAmount', 'must be a decimal string greater than 0 with at most two decimals, e.g. "1000.50"'),
      ]));

    it('a currency other than CNY', () => expectRejected(withData('FundSubscribed', { currency: 'USD' }), [problem('data.currency', 'isIn', 'must be one of: CNY')]));

    it.each([
      [86_401, 'max', 'must be at most 86400'],
      [-1, 'min', 'must be at least 0'],
      [2.5, 'isInt', 'must be an integer'],
    ])('a dwellSeconds of %s', (dwellSeconds, rule, message) =>
      expectRejected(withData('FundViewed', { dwellSeconds }), [problem('data.dwellSeconds', rule, message)]));

    it('a flag that is not a boolean', () => expectRejected(withData('FundRedeemed', { full: 'yes' }), [problem('data.full', 'isBoolean', 'must be a boolean')]));

    it('a bad planId', () => expectRejected(withData('AutoInvestStopped', { planId: '' }), [problem('data.planId', 'isReferenceId', 'must match ^[A-Za-z0-9_.:-]{1,64}$')]));

    it('a frequency outside the value set', () =>
      expectRejected(withData('AutoInvestStarted', { frequency: 'daily' }), [problem('data.frequency', 'isIn', 'must be one of: weekly, biweekly, monthly')]));

    it('a region that is too long', () =>
      expectRejected(withData('SessionStarted', { region: 'r'.repeat(65) }), [problem('data.region', 'maxLength', 'must be at most 64 characters')]));

    it('one eventId for two users', async () => {
      const shared = event('RiskAssessed', freshUser());
      const other = event('RiskAssessed', freshUser(), { eventId: shared.eventId });
      await expectRejected({ events: [shared, other] }, [
        { index: 1, path: 'events[1].eventId', rule: 'uniqueEventId', message: 'is already used by events[0] for another user' },
      ]);
    });

    it('every bad item of a batch at once, and none of the good ones written', async () => {
      const good = freshUser('good');
      const events = [
        event('FundViewed', good),
        event('FundViewed', good, { data: { ...VALID_DATA.FundViewed, fundCode: 'x', dwellSeconds: -3 } }),
        event('FundViewed', good),
        event('Nope' as never, good, { userId: '' }),
      ];
      await expectRejected(
        { events },
        [
          problem('data.fundCode', 'isFundCode', 'must be a string of six digits', 1),
          problem('data.dwellSeconds', 'min', 'must be at least 0', 1),
          {
            ...problem('type', 'knownType', `unknown event type "Nope"; allowed: ${EVENT_TYPES.join(', ')}`, 3),
            allowed: [...EVENT_TYPES],
          },
          problem('userId', 'isUserId', 'must be 1–64 characters of A–Z, a–z, 0–9, _, . or -', 3),
        ],
        'the batch was rejected: 2 event(s) invalid, nothing was written',
      );
      expect(await readUserStream(t.store, good)).toEqual([]);
    });
  });

  describe('transport and access', () => {
    it('refuses a body that is not JSON with 415', async () => {
      const response = await request(t.server)
        .post('/v1/events')
        .set('authorization', `Bearer ${ingest}`)
        .set('content-type', 'text/plain')
        .send('events');
      expect(response.status).toBe(415);
      expect(response.body).toEqual({
        error: {
          code: 'unsupported_media_type',
          message: 'Request body must be application/json, got "text/plain"',
          details: { expected: 'application/json', received: 'text/plain' },
        },
      });
    });

    it('refuses a body over the limit with 413', async () => {
      const huge = JSON.stringify({ events: [event('SessionStarted', freshUser(), { data: { device: 'ios', region: 'x'.repeat(3_000_000) } })] });
      const response = await request(t.server)
        .post('/v1/events')
        .set('authorization', `Bearer ${ingest}`)
        .set('content-type', 'application/json')
        .send(huge);
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('payload_too_large');
    });

    it('answers malformed JSON with 400 invalid_json', async () => {
      const response = await request(t.server)
        .post('/v1/events')
        .set('authorization', `Bearer ${ingest}`)
        .set('content-type', 'application/json')
        .send('{"events": [');
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_json');
    });

    it('needs a bearer token', async () => {
      const response = await request(t.server).post('/v1/events').send({ events: [event('RiskAssessed', freshUser())] });
      expect(response.status).toBe(401);
    });

    it('is for the ingest role only', async () => {
      const response = await post({ events: [event('RiskAssessed', freshUser())] }, t.token('marketer'));
      expect(response.status).toBe(403);
    });
  });

  describe('saturation', () => {
    it('answers 503 with Retry-After when appends in flight are at the bound, and accepts again once they drain', async () => {
      const hold = t.intake.limiter.tryAcquire(t.intake.limiter.capacity)!;
      const user = freshUser();
      const body = { events: [event('RiskAssessed', user)] };
      try {
        const refused = await post(body);
        expect(refused.status).toBe(503);
        expect(refused.headers['retry-after']).toBe('1');
        expect(refused.body).toEqual({
          error: {
            code: 'unavailable',
            message: 'intake is at capacity; retry the same body later',
            details: { retryable: true, retryAfterSeconds: 1 },
          },
        });
        expect(await readUserStream(t.store, user)).toEqual([]);
      } finally {
        hold();
      }
      expect((await post(body)).body).toEqual({ accepted: 1, duplicates: 0 });
    });
  });
});
