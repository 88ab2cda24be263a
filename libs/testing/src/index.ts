export * from './clickhouse';
export * from './eventstore';
export * from './rejection';
