export type { Position } from './core/position';
export { comparePositions, formatPosition, START } from './core/position';
export type { SourceEvent, UserEvent } from './core/source-event';
export { UNIVERSE_TAG, OPTED_OUT_TAG, BUCKET_BITS, bucketOf } from './core/labels';
export type { DeadLetter } from './core/labels';
export { prepareBatch, projectBatch } from './core/project-batch';
export { newProjectedUser, ACTIVITY_WINDOW_DAYS, RECENT_EVENT_IDS } from './core/projected-user';
export type { ProjectedUser } from './core/projected-user';
export { LabelStore } from './clickhouse/label-store';
export type { Checkpoint, Stage } from './clickhouse/label-store';
export { LABEL_TABLES, LIVE_TABLES, suffixedTables } from './clickhouse/label-tables';
export type { LabelTableNames } from './clickhouse/label-tables';
export { Projector } from './runtime/projector';
export type { ProjectorOptions } from './runtime/projector';
export type { Freshness } from './runtime/freshness';
export type { UserEventFeed, SurrogateRegistry, DeadLetterSink } from './runtime/ports';
export { ProjectionMetrics } from './runtime/projection-metrics';
export { LabelRebuild } from './rebuild/label-rebuild';
export type { RebuildOptions, RebuildReport, RebuildLog } from './rebuild/label-rebuild';
export { withoutErased } from './rebuild/erasure-filter';
export { readAhead } from './runtime/read-ahead';
export { toTheEnd } from './rebuild/to-the-end';
export { DERIVED_TABLES, generationTables } from './rebuild/generation-tables';
export type { ErasedSubjects } from './runtime/ports';
// The event-store side: the mapping, the feed and the dead-letter stream.
export { EventStoreSurrogateRegistry } from './eventstore/event-store-surrogate-registry';
export type { SurrogateRegistryOptions } from './eventstore/event-store-surrogate-registry';
export {
  SURROGATE_STREAM_PREFIX,
  SURROGATE_ALLOCATION_STREAM,
  SURROGATE_ASSIGNED,
  SURROGATES_ALLOCATED,
  surrogateStreamName,
} from './eventstore/surrogate-streams';
export { EventStoreUserEventFeed, USER_STREAM_PREFIX, toSourceEvent } from './eventstore/event-store-user-event-feed';
export type { UserEventFeedOptions } from './eventstore/event-store-user-event-feed';
export { EventStoreDeadLetterSink, DEAD_LETTER_STREAM, PROJECTION_EVENT_DEAD_LETTERED } from './eventstore/event-store-dead-letter-sink';
export type { ProjectionEventDeadLetteredData } from './eventstore/event-store-dead-letter-sink';
// The Nest module: mapping bindings everywhere, the running projector where asked.
export { ProjectionModule } from './projection.module';
export { ProjectionRunner, PROJECTION_OPTIONS } from './runtime/projection.runner';
export type { ProjectionModuleOptions } from './runtime/projection.runner';
