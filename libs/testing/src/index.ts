export * from './clickhouse';
