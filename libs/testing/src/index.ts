export * from './clickhouse';
export * from './eventstore';
export * from './rejection';
export * from './canary-scan';
