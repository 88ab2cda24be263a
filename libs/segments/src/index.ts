// Segment expressions: forms, validation, macros, asOf windows, hashing and the reference evaluator.
export * from './expression';
// Expressions compiled to ClickHouse SQL over the projector's label tables.
export { compileExpression } from './compiler/compile-expression';
export type { CompileOptions, CompiledExpression } from './compiler/compile-expression';
export { sizeQuery, membersQuery, tagSharesQuery, sketchesQuery, segmentKeyed } from './compiler/segment-queries';
export type { SketchParams } from './compiler/segment-queries';
export { answerKey, sketchParamsOf } from './labels/label-queries';
export type { BoundQuery } from './compiler/segment-queries';
// Test support: a labelled population written the way the projector lays it out.
export { writePopulationLabels } from './testing/population-labels';
// The read side over HTTP: segments, audiences, snapshots, user tags, the tag list.
export { SegmentsModule } from './segments.module';
export { SEGMENTS_CLOCK } from './segments.tokens';
export { USER_SURROGATES, UnboundUserSurrogates } from './labels/user-surrogates';
export type { UserSurrogateLookup } from './labels/user-surrogates';
export { PLATFORM_IDS, UnboundPlatformIds } from './labels/platform-ids';
export type { PlatformIdLookup } from './labels/platform-ids';
export { LABEL_FRESHNESS, CheckpointFreshnessSource } from './labels/label-freshness';
export type { LabelFreshness, LabelFreshnessSource } from './labels/label-freshness';
export { decide, evolve } from './segment/segment';
export type { Segment, SegmentVersion, SegmentCommand, SegmentState } from './segment/segment';
export { SEGMENT_EVENT_TYPES, segmentStreamName } from './segment/segment.events';
export type { SegmentEvent, SegmentCreated, SegmentRedefined, SegmentArchived } from './segment/segment.events';
export { suitableFor, PRODUCT_RISK_LEVELS } from './snapshot/snapshot.service';
export type { ProductRiskLevel } from './snapshot/snapshot.service';
// The recommender's lookups and the serving index behind them (also used by tests and benchmarks).
export { UserTagsService } from './user-tags/user-tags.service';
export type { UserTagsView } from './user-tags/user-tags.service';
export { ServingIndex } from './user-tags/serving-index';
export type { Served, ServedUser, ServingStats } from './user-tags/serving-index';
