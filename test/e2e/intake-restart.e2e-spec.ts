import request from 'supertest';
import { event, freshUser } from './intake-fixtures';
import { IntakeTestApp, readUserStream, RestartableEventStore, startIntakeApp } from './intake-test-app';

/**
 * The idempotency check must not live only in process memory: after the
 * service (and the embedded store under it) restarts, a replay is still
 * recognised, because the service reads the stream tail back.
 */
describe('POST /v1/events across restarts and store failures', () => {
  const store = new RestartableEventStore();
  let t: IntakeTestApp | undefined;

  afterEach(async () => {
    await t?.close();
    t = undefined;
    await store.stop();
  });
  afterAll(() => store.destroy());

  const post = (app: IntakeTestApp, body: unknown) =>
    request(app.server).post('/v1/events').set('authorization', `Bearer ${app.token('ingest')}`).send(body as object);

  it('acknowledges replays as duplicates after the service and the store restart', async () => {
    const [alice, bob] = [freshUser('alice'), freshUser('bob')];
    const first = [event('FundViewed', alice), event('FundFollowed', alice), event('RiskAssessed', bob)];
    t = await startIntakeApp(await store.start(), store.dataDir);
    expect((await post(t, { events: first })).body).toEqual({ accepted: 3, duplicates: 0 });
    await t.close();
    await store.stop();

    t = await startIntakeApp(await store.start(), store.dataDir);
    expect((await post(t, { events: first })).body).toEqual({ accepted: 0, duplicates: 3 });
    const later = event('FundSubscribed', alice);
    expect((await post(t, { events: [first[1], later, first[2]] })).body).toEqual({ accepted: 1, duplicates: 2 });

    expect((await readUserStream(t.store, alice)).map((s) => s.event)).toEqual([first[0], first[1], later]);
    expect((await readUserStream(t.store, bob)).map((s) => s.event)).toEqual([first[2]]);
  });

  it('does not store twice an id another service instance stored behind this one', async () => {
    const connectionString = await store.start();
    t = await startIntakeApp(connectionString, store.dataDir);
    const other = await startIntakeApp(connectionString, store.dataDir);
    try {
      const user = freshUser();
      const posted = event('RiskAssessed', user);
      // This instance learns the stream's tail; the other instance then writes behind its back.
      expect((await post(t, { events: [event('SessionStarted', user)] })).status).toBe(202);
      expect((await post(other, { events: [posted] })).body).toEqual({ accepted: 1, duplicates: 0 });

      // This instance appends at the revision it last saw; the store finds the same id at the next revision and
      // acknowledges without writing. The count may then say "accepted" (see the intake README); the stream must not change.
      const replay = await post(t, { events: [posted] });
      expect(replay.status).toBe(202);
      expect(replay.body.accepted + replay.body.duplicates).toBe(1);
      expect((await readUserStream(t.store, user)).map((s) => s.event.eventId)).toEqual([expect.any(String), posted.eventId]);

      // A different write in between makes the revision check fail: the tail is read again and the id is found.
      expect((await post(other, { events: [event('FundViewed', user)] })).status).toBe(202);
      expect((await post(t, { events: [posted] })).body).toEqual({ accepted: 0, duplicates: 1 });
      expect(await readUserStream(t.store, user)).toHaveLength(3);
    } finally {
      await other.close();
    }
  });

  it('answers 503 retryable when the store fails part-way, and a retry of the same body completes it exactly once', async () => {
    t = await startIntakeApp(await store.start(), store.dataDir, { limits: { userConcurrency: 1 } });
    const users = Array.from({ length: 400 }, () => freshUser('p'));
    const events = users.flatMap((user) => [event('SessionStarted', user), event('FundViewed', user)]).slice(0, 800);
    // supertest sends on then(): start the request now, not when it is awaited.
    const pending = post(t, { events }).then((response) => response);
    // Stop the store once the first user's events are in, while the rest of the batch is still being written.
    await waitFor(async () => (await readUserStream(t!.store, users[0])).length > 0);
    await store.stop();
    const failed = await pending;
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('unavailable');
    expect(failed.body.error.details).toEqual({ retryable: true });
    expect(failed.body.error.message).toMatch(/^the event store failed after \d+ of 400 users' events were stored; retrying the same body is safe$/);
    const storedBefore = Number(/after (\d+) of/.exec(failed.body.error.message)![1]);
    expect(storedBefore).toBeGreaterThan(0);
    expect(storedBefore).toBeLessThan(400);

    await t.close();
    t = await startIntakeApp(await store.start(), store.dataDir);
    const retried = await post(t, { events });
    expect(retried.status).toBe(202);
    expect(retried.body.accepted + retried.body.duplicates).toBe(800);
    expect(retried.body.duplicates).toBeGreaterThanOrEqual(storedBefore * 2);
    for (const user of [users[0], users[200], users[399]]) {
      expect((await readUserStream(t.store, user)).map((s) => s.event)).toEqual(events.filter((e) => e.userId === user));
    }
  }, 60_000);
});

/** Bounded poll: checks the condition until it holds or 10 s pass. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
