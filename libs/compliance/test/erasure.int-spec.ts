import { randomUUID } from 'node:crypto';
import { ClickHouse } from '@tagstream/clickhouse';
import { NotFoundError } from '@tagstream/common';
import { AppConfig } from '@tagstream/config';
import { StreamDeletedError } from '@tagstream/eventstore';
import { createTestClickHouse, dropTestClickHouse, startTestEventStore, TestEventStore } from '@tagstream/testing';
import {
  AuditProjector,
  AuditStore,
  ClickHouseEraser,
  DisclosureService,
  ERASURES_STREAM,
  ErasureRegistry,
  ErasureService,
  SubjectDirectory,
  SubjectDirectoryRef,
} from '../src';

const config = (): AppConfig => Object.assign(new AppConfig(), { MIN_AUDIENCE_SIZE: 100, PSEUDONYM_KEY: 'p'.repeat(32) });

/** The projection's mapping, held in memory: the port compliance uses, not a driver. */
class MemoryDirectory implements SubjectDirectory {
  constructor(readonly map: Map<string, number>) {}
  async surrogateOf(userId: string) {
    return this.map.get(userId);
  }
  async forget(userId: string) {
    return this.map.delete(userId);
  }
}

/** Label tables shaped as the projector's (migration 0100); a no-op where that migration already made them. */
async function labelTables(ch: ClickHouse): Promise<void> {
  await ch.command(`CREATE TABLE IF NOT EXISTS label_users (user UInt32, state_tags Array(LowCardinality(String)), personalized UInt8,
    fold_state String, taxonomy_version UInt16, commit_position UInt64, prepare_position UInt64) ENGINE = ReplacingMergeTree(commit_position) ORDER BY user`);
  await ch.command(`CREATE TABLE IF NOT EXISTS label_state_tags (tag LowCardinality(String), bucket UInt16, user UInt32, present UInt8,
    commit_position UInt64, prepare_position UInt64) ENGINE = ReplacingMergeTree(commit_position) ORDER BY (tag, bucket, user)`);
  await ch.command(`CREATE TABLE IF NOT EXISTS label_activity_daily (tag LowCardinality(String), day Date, user UInt32, count UInt32,
    commit_position UInt64, prepare_position UInt64) ENGINE = ReplacingMergeTree(commit_position) ORDER BY (tag, day, user)`);
  await ch.command(`CREATE TABLE IF NOT EXISTS label_tag_bitmaps (tag LowCardinality(String), bucket UInt16, users AggregateFunction(groupBitmap, UInt32),
    cardinality UInt64, commit_position UInt64, prepare_position UInt64) ENGINE = ReplacingMergeTree(commit_position) ORDER BY (tag, bucket)`);
}

async function seedLabels(ch: ClickHouse, users: number[]): Promise<void> {
  await ch.insert('label_users', users.map((user) => ({ user, state_tags: ['risk:C3'], personalized: 1, fold_state: '{}', taxonomy_version: 1, commit_position: 10, prepare_position: 10 })));
  await ch.insert('label_state_tags', users.map((user) => ({ tag: 'risk:C3', bucket: 0, user, present: 1, commit_position: 10, prepare_position: 10 })));
  await ch.insert('label_activity_daily', users.map((user) => ({ tag: 'active', day: '2026-11-20', user, count: 2, commit_position: 10, prepare_position: 10 })));
  await ch.command(
    `INSERT INTO label_tag_bitmaps SELECT 'risk:C3', 0, groupBitmapState(toUInt32(u)), count(), 10, 10 FROM (SELECT arrayJoin({users:Array(UInt32)}) AS u)`,
    { users },
  );
}

/** Each table the fixture puts one row (or bitmap) of each person in; tables other migrations derive from them come on top. */
const EVERY_LABEL_TABLE = { label_users: 1, label_state_tags: 1, label_activity_daily: 1, label_tag_bitmaps: 1, audit_subjects: 1 };

describe('erasure: event store, ClickHouse, mapping, and rebuilds', () => {
  let es: TestEventStore;
  let ch: ClickHouse;
  let directory: MemoryDirectory;
  let registry: ErasureRegistry;
  let erasure: ErasureService;
  const alice = `alice.${randomUUID().slice(0, 8)}`;
  const bob = `bob.${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    es = await startTestEventStore();
    ch = await createTestClickHouse();
    await labelTables(ch);
    for (const user of [alice, bob]) {
      await es.store.append(`user-${user}`, [1, 2, 3].map((n) => ({ id: randomUUID(), type: 'RiskAssessed', data: { level: `C${n}` } })));
    }
    directory = new MemoryDirectory(new Map([[alice, 11], [bob, 12]]));
    await seedLabels(ch, [11, 12, 13]);
    registry = new ErasureRegistry(es.store, config());
    erasure = new ErasureService(es.store, ch, registry, new SubjectDirectoryRef(directory), config());
  }, 60_000);
  afterAll(async () => {
    await dropTestClickHouse(ch);
    await es.stop();
  });

  it('exposes nothing about the person before the erasure is recorded, and projects their exposures', async () => {
    const disclosure = new DisclosureService(config(), es.store);
    await disclosure.audit({ principal: { sub: 'm', role: 'marketer', tenant: 'fund_a' }, action: 'snapshot.members', snapshotId: 's1', subjects: [11, 12] });
    await new AuditProjector(es.store, new AuditStore(ch)).run(new AbortController().signal, { untilCaughtUp: true });
    expect(await new ClickHouseEraser(ch).traces(11)).toMatchObject(EVERY_LABEL_TABLE);
  });

  it('removes raw events, every row and bitmap bit, and the mapping, and says what it removed', async () => {
    const answer = await erasure.erase(alice, 'admin-1');
    expect(answer).toMatchObject({
      alreadyErased: false,
      removed: {
        events: 3,
        streamDeleted: true,
        rows: EVERY_LABEL_TABLE,
        bitmapsRewritten: 1,
        surrogateMappingDropped: true,
      },
    });
    expect(answer.userIdHash).toBe(registry.hashOf(alice));

    expect(await new ClickHouseEraser(ch).traces(11)).toEqual({});
    await expect(async () => {
      for await (const _ of es.store.readStream(`user-${alice}`)) break;
    }).rejects.toBeInstanceOf(StreamDeletedError);
    expect(await directory.surrogateOf(alice)).toBeUndefined();
  });

  it('leaves everyone else as they were: the bitmap keeps the others, with its cardinality', async () => {
    const [bitmap] = await ch.query<{ users: number[]; cardinality: string }>(
      "SELECT bitmapToArray(users) AS users, cardinality FROM label_tag_bitmaps FINAL WHERE tag = 'risk:C3'",
    );
    expect(bitmap).toEqual({ users: [12, 13], cardinality: '2' });
    expect(await new ClickHouseEraser(ch).traces(12)).toMatchObject(EVERY_LABEL_TABLE);
    let bobEvents = 0;
    for await (const _ of es.store.readStream(`user-${bob}`)) bobEvents++;
    expect(bobEvents).toBe(3);
  });

  it('records the erasure without the user id in clear', async () => {
    const text: string[] = [];
    for await (const event of es.store.readStream(ERASURES_STREAM)) text.push(JSON.stringify(event.data));
    expect(text.length).toBe(2);
    expect(text.join('\n')).not.toContain(alice);
    expect(text.join('\n')).toContain(registry.hashOf(alice));
  });

  it('is known as erased to another process (a projector) after a refresh; others are not', async () => {
    const elsewhere = new ErasureRegistry(es.store, config());
    await elsewhere.refresh();
    expect(elsewhere.isErased(alice)).toBe(true);
    expect(elsewhere.isSurrogateErased(11)).toBe(true);
    expect(elsewhere.isErased(bob)).toBe(false);
  });

  it('keeps the person out when the audit projection is rebuilt from the streams', async () => {
    await ch.command('TRUNCATE TABLE audit_subjects');
    await ch.command('TRUNCATE TABLE audit_records');
    await ch.command('TRUNCATE TABLE audit_checkpoints');
    const rebuilt = new ErasureRegistry(es.store, config());
    await new AuditProjector(es.store, new AuditStore(ch), {
      skipSubject: (s) => rebuilt.isSurrogateErased(s),
      beforeBatch: () => rebuilt.refresh(),
    }).run(new AbortController().signal, { untilCaughtUp: true });
    const subjects = await ch.query<{ subject: number }>('SELECT subject FROM audit_subjects FINAL');
    expect(subjects.map((s) => s.subject)).toEqual([12]);
  });

  it('leaves nothing in $all that names the person: the scavenge removed the deleted stream', async () => {
    const streams = new Set<string>();
    for await (const event of es.store.readAll()) {
      if (`${event.streamId} ${JSON.stringify(event.data)} ${JSON.stringify(event.metadata)}`.includes(alice)) streams.add(event.streamId);
    }
    expect([...streams]).toEqual([]);
  });

  it('finishes quietly when asked again, and refuses a person it never knew', async () => {
    const again = await erasure.erase(alice, 'admin-1');
    expect(again).toMatchObject({ alreadyErased: true, removed: { events: 0, streamDeleted: false, rows: {}, surrogateMappingDropped: false } });
    await expect(erasure.erase('nobody-at-all', 'admin-1')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('resumes an erasure recorded without a ticket as far as the surrogate allows, and says the request is needed', async () => {
    const carol = `carol.${randomUUID().slice(0, 8)}`;
    const pending = { userIdHash: registry.hashOf(carol), surrogate: 13 };
    await registry.recordErased({ ...pending, at: new Date().toISOString(), by: 'admin-1' });
    expect(registry.pending()).toEqual([pending]);
    expect(registry.pendingSurrogates()).toEqual([13]);

    expect(await erasure.resume(pending)).toBe('needs_request');
    expect(await new ClickHouseEraser(ch).traces(13)).toEqual({});
    expect(registry.pending()).toEqual([pending]);
  });
});
