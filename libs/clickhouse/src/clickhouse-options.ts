export interface ClickHouseOptions {
  /** `http(s)://host:port` of a ClickHouse server; when absent the embedded chDB engine is used. */
  url?: string;
  user?: string;
  password?: string;
  /** The database every unqualified table name resolves to; isolates tenants of one engine. */
  database: string;
  /** The service's data directory; chDB keeps its files under `<dataDir>/clickhouse`. Required without `url`. */
  dataDir?: string;
  /** HTTP request timeout; a request that takes longer fails as unavailable. Default 30 s. */
  requestTimeoutMs?: number;
  /** Create the database when it is missing (default true). */
  createDatabase?: boolean;
}

/** Values bound to `{name:Type}` placeholders; they never become SQL text. */
export type QueryParams = Record<string, unknown>;

export type PingResult = { ok: true } | { ok: false; error: string };
