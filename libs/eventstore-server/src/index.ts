export { EmbeddedEventStoreServer } from './embedded-event-store-server';
export type { EmbeddedEventStoreOptions, RunningEventStoreServer } from './embedded-event-store-server';
export type { ServerLogger } from './logger';
