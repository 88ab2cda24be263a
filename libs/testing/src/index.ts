export * from './clickhouse';
export * from './eventstore';
