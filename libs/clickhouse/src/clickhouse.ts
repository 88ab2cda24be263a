import { join } from 'node:path';
import {
  ClickHouseLogLevel,
  createClient,
  type ClickHouseClient,
  type ClickHouseClientConfigOptions,
} from '@clickhouse/client';
import { ValidationFailedError } from '@tagstream/common';
import { acquireChdb, type ChdbHandle } from './chdb-engine';
import { ClickHouseUnavailableError, mapClickHouseError } from './clickhouse-errors';
import type { ClickHouseOptions, PingResult, QueryParams } from './clickhouse-options';
import { assertIdentifier, quoteIdentifier } from './identifier';

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Both engines answer 64-bit integers as JSON strings (the server's default,
 * not chDB's), so callers see the same row shape on either.
 */
const SHARED_SETTINGS = { output_format_json_quote_64bit_integers: 1 } as const;

/** Errors are mapped and rethrown typed; the client's own error log would say it twice. */
const QUIET = { level: ClickHouseLogLevel.OFF };

export type ClickHouseBackend = 'chdb' | 'http';

/**
 * The one way into ClickHouse. Callers write SQL with unqualified table names
 * (they resolve to `database`) and `{name:Type}` placeholders for values;
 * they never see the client package or which engine is behind it.
 */
export class ClickHouse {
  private closed = false;

  private constructor(
    private readonly client: ClickHouseClient,
    readonly database: string,
    readonly backend: ClickHouseBackend,
    private readonly chdb?: ChdbHandle,
  ) {}

  static async connect(options: ClickHouseOptions): Promise<ClickHouse> {
    const database = assertIdentifier(options.database, 'database');
    const opened = options.url ? await connectHttp(options, database) : await connectChdb(options, database);
    return new ClickHouse(opened.client, database, opened.backend, opened.chdb);
  }

  /** Rows of a SELECT, parsed from JSONEachRow. 64-bit integers arrive as strings. */
  async query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]> {
    this.assertOpen();
    try {
      const result = await this.client.query({ query: sql, format: 'JSONEachRow', query_params: params });
      return await result.json<T>();
    } catch (err) {
      throw mapClickHouseError(err, 'query');
    }
  }

  /**
   * Rows of a SELECT one at a time, without holding the whole result in memory.
   * Breaking out of the loop cancels the rest of the result.
   */
  queryStream<T = Record<string, unknown>>(sql: string, params?: QueryParams): AsyncIterable<T> {
    this.assertOpen();
    return this.chdb ? streamFromChdb<T>(this.chdb, this.database, sql, params) : this.streamFromHttp<T>(sql, params);
  }

  /** A statement without a result: DDL, INSERT ... SELECT, ALTER. */
  async command(sql: string, params?: QueryParams): Promise<void> {
    this.assertOpen();
    try {
      await this.client.command({ query: sql, query_params: params });
    } catch (err) {
      throw mapClickHouseError(err, 'command');
    }
  }

  /** One batch of rows as JSONEachRow into a table of this database. */
  async insert<T extends object>(table: string, rows: readonly T[]): Promise<void> {
    this.assertOpen();
    assertIdentifier(table, 'table');
    if (rows.length === 0) return;
    try {
      await this.client.insert({ table, values: rows as T[], format: 'JSONEachRow' });
    } catch (err) {
      throw mapClickHouseError(err, `insert into ${table}`);
    }
  }

  /** Reachability for health checks; never throws. */
  async ping(): Promise<PingResult> {
    if (this.closed) return { ok: false, error: 'client is closed' };
    try {
      const result = await this.client.ping();
      return result.success ? { ok: true } : { ok: false, error: result.error.message };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Idempotent; other clients on the same chDB engine keep working. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.close();
    } finally {
      await this.chdb?.release();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new ClickHouseUnavailableError('ClickHouse client is closed');
  }

  private async *streamFromHttp<T>(sql: string, params?: QueryParams): AsyncGenerator<T> {
    let result;
    try {
      result = await this.client.query({ query: sql, format: 'JSONEachRow', query_params: params });
    } catch (err) {
      throw mapClickHouseError(err, 'query');
    }
    try {
      for await (const rows of result.stream<T>()) {
        for (const row of rows) yield row.json<T>();
      }
    } catch (err) {
      throw mapClickHouseError(err, 'streamed query');
    } finally {
      result.close();
    }
  }
}

// chdb types its connection against `@clickhouse/client-common`, which the
// client vendors as its own copy: same contract, two nominal types.
type ClientConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;

interface OpenedClient {
  client: ClickHouseClient;
  backend: ClickHouseBackend;
  chdb?: ChdbHandle;
}

async function connectHttp(options: ClickHouseOptions, database: string): Promise<OpenedClient> {
  const url = parseUrl(options.url as string);
  const base = {
    url,
    username: options.user ?? 'default',
    password: options.password ?? '',
    request_timeout: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    application: 'tagstream',
    clickhouse_settings: SHARED_SETTINGS,
    log: QUIET,
  };
  if (options.createDatabase !== false) {
    // The server refuses every request naming a database that does not exist,
    // so the database is created through a client bound to `system`.
    const bootstrap = createClient({ ...base, database: 'system' });
    try {
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database, 'database')}` });
    } catch (err) {
      throw mapClickHouseError(err, 'create database');
    } finally {
      await bootstrap.close();
    }
  }
  return { client: createClient({ ...base, database }), backend: 'http' };
}

async function connectChdb(options: ClickHouseOptions, database: string): Promise<OpenedClient> {
  if (!options.dataDir) {
    throw new ValidationFailedError('dataDir is required when no ClickHouse url is given', [
      { path: 'dataDir', rule: 'required', message: 'the embedded engine needs a data directory' },
    ]);
  }
  const handle = acquireChdb(join(options.dataDir, 'clickhouse'));
  // chDB ignores the client's `database` option; `USE` sets it for this session only.
  const client = createClient({
    connection: handle.connection as unknown as ClientConnection,
    clickhouse_settings: SHARED_SETTINGS,
    log: QUIET,
  });
  try {
    const quoted = quoteIdentifier(database, 'database');
    if (options.createDatabase !== false) await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoted}` });
    await client.command({ query: `USE ${quoted}` });
  } catch (err) {
    await client.close().catch(() => undefined);
    await handle.release();
    throw mapClickHouseError(err, 'open database');
  }
  return { client, backend: 'chdb', chdb: handle };
}

function parseUrl(raw: string): URL {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // fall through to the field error
  }
  throw new ValidationFailedError('url must be an http(s) URL', [
    { path: 'url', rule: 'url', message: `${JSON.stringify(raw)} is not an http(s) URL` },
  ]);
}

/**
 * chDB's client connection buffers whole results, so streamed reads go through
 * a Layer 1 session of their own on the same engine (a session runs one
 * stream at a time) with the same current database.
 */
async function* streamFromChdb<T>(
  handle: ChdbHandle,
  database: string,
  sql: string,
  params?: QueryParams,
): AsyncGenerator<T> {
  const session = handle.openStreamSession();
  try {
    session.query(`USE ${quoteIdentifier(database, 'database')}`);
    for (const [name, value] of Object.entries(SHARED_SETTINGS)) session.query(`SET ${name} = ${value}`);
    const stream = session.queryStreamBind(sql, params ?? {}, { format: 'JSONEachRow' });
    try {
      for await (const row of stream.rows<T>()) yield row;
    } finally {
      stream.cancel();
    }
  } catch (err) {
    throw mapClickHouseError(err, 'streamed query');
  } finally {
    session.close();
  }
}
