export { EventStore, EVENT_STORE_CONNECTION_STRING } from './event-store';
export { EventStoreModule } from './event-store.module';
export type { EventStoreModuleOptions } from './event-store.module';
export { ConcurrencyError, StreamDeletedError } from './event-store.errors';
export type {
  AppendResult,
  EventStoreSubscription,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadDirection,
  ReadStreamOptions,
  StorePosition,
  StoredEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from './event-store.types';
