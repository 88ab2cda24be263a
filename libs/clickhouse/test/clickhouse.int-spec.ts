import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationFailedError } from '@tagstream/common';
import { ClickHouse, ClickHouseQueryError, ClickHouseUnavailableError } from '@tagstream/clickhouse';
import { createTestClickHouse, dropTestClickHouse, rejection, testDataDir, uniqueTestDatabase } from '@tagstream/testing';

describe('ClickHouse (embedded chDB)', () => {
  let ch: ClickHouse;

  beforeEach(async () => {
    ch = await createTestClickHouse();
    await ch.command('CREATE TABLE events (id UInt32, kind String, at DateTime64(3, \'UTC\')) ENGINE = MergeTree ORDER BY id');
  });

  afterEach(async () => {
    await dropTestClickHouse(ch);
  });

  it('inserts a batch and reads it back with bound parameters', async () => {
    await ch.insert('events', [
      { id: 1, kind: 'view', at: '2026-11-20 10:00:00.000' },
      { id: 2, kind: 'follow', at: '2026-11-20 11:00:00.000' },
      { id: 3, kind: 'view', at: '2026-11-21 09:00:00.000' },
    ]);
    const rows = await ch.query<{ id: number }>(
      'SELECT id FROM events WHERE kind = {kind:String} AND id >= {from:UInt32} ORDER BY id',
      { kind: 'view', from: 1 },
    );
    expect(rows).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('binds a hostile value as data, never as SQL', async () => {
    await ch.insert('events', [{ id: 1, kind: 'view', at: '2026-11-20 10:00:00.000' }]);
    const hostile = "view' OR 1=1 --";
    expect(await ch.query('SELECT id FROM events WHERE kind = {kind:String}', { kind: hostile })).toEqual([]);
    await ch.insert('events', [{ id: 2, kind: hostile, at: '2026-11-20 10:00:00.000' }]);
    expect(await ch.query('SELECT id FROM events WHERE kind = {kind:String}', { kind: hostile })).toEqual([{ id: 2 }]);
  });

  it('streams a large result row by row and stops early on break', async () => {
    await ch.command('INSERT INTO events SELECT number, \'bulk\', now64(3) FROM numbers(200000)');
    let count = 0;
    let sum = 0;
    for await (const row of ch.queryStream<{ id: number }>('SELECT id FROM events WHERE id < {n:UInt32}', { n: 150000 })) {
      count += 1;
      sum += row.id;
    }
    expect(count).toBe(150000);
    expect(sum).toBe((149999 * 150000) / 2);

    let seen = 0;
    for await (const _row of ch.queryStream('SELECT id FROM events')) {
      if (++seen === 10) break;
    }
    expect(seen).toBe(10);
    // the engine is still usable after an abandoned stream
    expect(await ch.query('SELECT count() AS n FROM events')).toEqual([{ n: '200000' }]);
  });

  it('ignores an empty batch', async () => {
    await ch.insert('events', []);
    expect(await ch.query('SELECT count() AS n FROM events')).toEqual([{ n: '0' }]);
  });

  it('keeps each database to itself on the shared engine', async () => {
    const other = await createTestClickHouse();
    try {
      expect(other.database).not.toBe(ch.database);
      await ch.insert('events', [{ id: 7, kind: 'view', at: '2026-11-20 10:00:00.000' }]);
      const err = await rejection(other.query('SELECT * FROM events'));
      expect(err).toBeInstanceOf(ClickHouseQueryError);
      expect((err as ClickHouseQueryError).clickhouseType).toBe('UNKNOWN_TABLE');
      // a stream runs in the same database as the client that opened it
      const streamed = [];
      for await (const row of ch.queryStream('SELECT id FROM events')) streamed.push(row);
      expect(streamed).toEqual([{ id: 7 }]);
    } finally {
      await dropTestClickHouse(other);
    }
  });

  describe('errors carry the ClickHouse code', () => {
    it.each([
      ['an unknown table', 'SELECT * FROM missing_table', undefined, 60, 'UNKNOWN_TABLE'],
      ['a syntax error', 'SELEC 1', undefined, 62, 'SYNTAX_ERROR'],
      ['a value that does not fit its type', 'SELECT {v:UInt8} AS v', { v: 'nope' }, 457, 'BAD_QUERY_PARAMETER'],
    ])('for %s', async (_what, sql, params, code, type) => {
      const err = await rejection(ch.query(sql, params));
      expect(err).toBeInstanceOf(ClickHouseQueryError);
      expect(err).toMatchObject({ code: 'clickhouse_query_failed', details: { clickhouseCode: code, clickhouseType: type } });
    });

    it('in a streamed query too', async () => {
      const err = await rejection((async () => {
        for await (const _row of ch.queryStream('SELECT * FROM missing_table')) void _row;
      })());
      expect(err).toMatchObject({ code: 'clickhouse_query_failed', details: { clickhouseCode: 60 } });
    });
  });

  it('refuses table and database names that are not identifiers, naming the field', async () => {
    const bad = await rejection(ch.insert('events; DROP TABLE events', [{ id: 1 }]));
    expect(bad).toBeInstanceOf(ValidationFailedError);
    expect((bad as ValidationFailedError).problems[0]).toMatchObject({ path: 'table', rule: 'identifier' });

    const badDb = await rejection(ClickHouse.connect({ database: 'x-y', dataDir: testDataDir() }));
    expect(badDb).toBeInstanceOf(ValidationFailedError);
    expect((badDb as ValidationFailedError).problems[0]).toMatchObject({ path: 'database', rule: 'identifier' });
    expect(await ch.query('SELECT count() AS n FROM events')).toEqual([{ n: '0' }]);
  });
});

describe('ClickHouse lifecycle', () => {
  it('closes safely: twice, and without disturbing other clients on the engine', async () => {
    const a = await createTestClickHouse();
    const b = await createTestClickHouse();
    await a.close();
    await a.close();
    expect(await a.ping()).toEqual({ ok: false, error: 'client is closed' });
    const err = await rejection(a.query('SELECT 1'));
    expect(err).toBeInstanceOf(ClickHouseUnavailableError);
    expect(await b.ping()).toEqual({ ok: true });
    expect(await b.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await dropTestClickHouse(b);
  });

  it('keeps data across a close and reopen of the engine', async () => {
    const dataDir = testDataDir();
    const database = uniqueTestDatabase();
    const first = await ClickHouse.connect({ database, dataDir });
    await first.command('CREATE TABLE kept (x UInt8) ENGINE = MergeTree ORDER BY x');
    await first.insert('kept', [{ x: 42 }]);
    await first.close();
    const again = await ClickHouse.connect({ database, dataDir });
    expect(await again.query('SELECT x FROM kept')).toEqual([{ x: 42 }]);
    await dropTestClickHouse(again);
  });

  it('refuses a second data directory while the first is open, naming both', async () => {
    const open = await createTestClickHouse();
    const elsewhere = mkdtempSync(join(tmpdir(), 'tagstream-other-'));
    try {
      const err = await rejection(ClickHouse.connect({ database: 'x', dataDir: elsewhere }));
      expect(err.message).toContain(testDataDir());
      expect(err.message).toContain(elsewhere);
      expect(await open.ping()).toEqual({ ok: true });
    } finally {
      await dropTestClickHouse(open);
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('requires a data directory without a url', async () => {
    const err = await rejection(ClickHouse.connect({ database: 'x' }));
    expect((err as ValidationFailedError).problems[0]).toMatchObject({ path: 'dataDir', rule: 'required' });
  });
});

describe('ClickHouse over HTTP', () => {
  it('reports an unreachable server as unavailable', async () => {
    const err = await rejection(
      ClickHouse.connect({ url: 'http://127.0.0.1:1', database: 'x', requestTimeoutMs: 2000 }),
    );
    expect(err).toBeInstanceOf(ClickHouseUnavailableError);
    expect(err).toMatchObject({ code: 'unavailable', status: 503, details: { retryable: true } });
  });

  it('pings an unreachable server as not ok without throwing', async () => {
    const ch = await ClickHouse.connect({ url: 'http://127.0.0.1:1', database: 'x', createDatabase: false });
    const result = await ch.ping();
    expect(result.ok).toBe(false);
    const err = await rejection(ch.query('SELECT 1'));
    expect(err).toBeInstanceOf(ClickHouseUnavailableError);
    await ch.close();
  });

  it('refuses a url that is not http(s)', async () => {
    const err = await rejection(ClickHouse.connect({ url: 'tcp://host:9000', database: 'x' }));
    expect((err as ValidationFailedError).problems[0]).toMatchObject({ path: 'url', rule: 'url' });
  });
});
