import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { ServiceUnavailableError } from '@tagstream/common';
import { AppConfig } from '@tagstream/config';
import { EventStore, EventToAppend } from '@tagstream/eventstore';
import { startTestEventStore, TestEventStore } from '@tagstream/testing';
import { auditStreamName } from '../audit/audit-streams';
import { exposureRecordsIn } from '../audit/exposure-record';
import { DisclosureService } from './disclosure.service';
import { GroupCommitAppender } from './group-commit-appender';

const event = (n: number): EventToAppend => ({ id: randomUUID(), type: 'Probe', data: { n } });

async function idsIn(store: EventStore, stream: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const stored of store.readStream(stream)) ids.push(stored.id);
  return ids;
}

/** The real store, counting the appends that reach it. */
function counting(store: EventStore): { appends: number[]; append: EventStore['append'] } {
  const appends: number[] = [];
  return {
    appends,
    append: (stream, events, expected) => {
      appends.push(events.length);
      return store.append(stream, events, expected);
    },
  };
}

async function closedPort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe('GroupCommitAppender against the event store', () => {
  let es: TestEventStore;
  beforeAll(async () => {
    es = await startTestEventStore();
  });
  afterAll(async () => {
    await es.stop();
  });

  it('appends a lone caller at once and the callers that arrive meanwhile together, each settling once its events are stored', async () => {
    const stream = `probe-${randomUUID()}`;
    const store = counting(es.store);
    const appender = new GroupCommitAppender(store);
    const sent = Array.from({ length: 20 }, (_, n) => [event(n)]);
    const storedWhenSettled = await Promise.all(
      sent.map(async (events) => {
        await appender.append(stream, events);
        return (await idsIn(es.store, stream)).includes(events[0].id);
      }),
    );
    expect(storedWhenSettled.every(Boolean)).toBe(true);
    expect(store.appends).toEqual([1, 19]);
    expect(await idsIn(es.store, stream)).toEqual(sent.map(([e]) => e.id));
  });

  it('keeps each combined append within the limits, and streams apart', async () => {
    const [a, b] = [`probe-${randomUUID()}`, `probe-${randomUUID()}`];
    const store = counting(es.store);
    const appender = new GroupCommitAppender(store, { maxEvents: 5, maxBytes: 1 << 20 });
    await Promise.all(Array.from({ length: 12 }, (_, n) => appender.append(n % 2 === 0 ? a : b, [event(n)])));
    expect(store.appends).toEqual([1, 1, 5, 5]);
    expect((await idsIn(es.store, a)).length).toBe(6);
    expect((await idsIn(es.store, b)).length).toBe(6);
  });

  it('rejects every caller of a failed append; none of them is told its events are stored', async () => {
    const dead = new EventStore(`esdb://127.0.0.1:${await closedPort()}?tls=false`);
    try {
      const appender = new GroupCommitAppender(dead);
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => appender.append('probe-dead', [event(n)])));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(10).fill('rejected'));
    } finally {
      await dead.close();
    }
  });

  it('through DisclosureService: concurrent records all land in the day stream, and all fail when the store is down', async () => {
    const config = Object.assign(new AppConfig(), { MIN_AUDIENCE_SIZE: 100, PSEUDONYM_KEY: 'p'.repeat(32) });
    const at = new Date('2026-11-20T12:00:00Z');
    const tenant = `fund_${randomUUID().slice(0, 8)}`;
    const disclosure = new DisclosureService(config, es.store, () => at);
    const principal = { sub: 'r-1', role: 'recommender', tenant };
    const records = await Promise.all(Array.from({ length: 30 }, (_, n) => disclosure.auditRecord({ principal, action: 'user.tags', subjects: [n] })));
    const stored: string[] = [];
    for await (const event of es.store.readStream(auditStreamName(tenant, at))) stored.push(...exposureRecordsIn(event).map((record) => record.recordId));
    expect(stored.sort()).toEqual(records.map((record) => record.recordId).sort());

    const dead = new EventStore(`esdb://127.0.0.1:${await closedPort()}?tls=false`);
    try {
      const down = new DisclosureService(config, dead, () => at);
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => down.audit({ principal, action: 'user.tags', subjects: [n] })));
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ServiceUnavailableError);
      }
    } finally {
      await dead.close();
    }
  });
});
