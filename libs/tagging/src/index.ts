export { TAGGABLE_EVENT_TYPES, FORBIDDEN_FIELDS } from './vocabulary';
export type { TaggableEventType } from './vocabulary';
export type { TagDefinition, TagKind, TagParam, LineageEntry, Visibility } from './taxonomy/tag-definition';
export { matchTagName } from './taxonomy/tag-name';
export { READABLE_FIELDS } from './lineage/field-checks';
export type { FieldValue } from './lineage/field-checks';
export { reduceEvent } from './lineage/reduced-event';
export type { TaggableEvent, ReducedEvent } from './lineage/reduced-event';
export { UnprocessableEventError } from './lineage/unprocessable-event.error';
export { STATE_RULES, ACTIVITY_RULES, consentRule, MIN_VIEW_DWELL_SECONDS } from './rules';
export type { StateRule, ActivityRule, ConsentRule } from './rules';
export {
  TAXONOMY_VERSION,
  initialUserTagState,
  applyEvent,
  evolve,
  activityOf,
  stateTagsOf,
  foldUser,
} from './fold/user-tag-state';
export type { UserTagState, ActivityIncrement, AppliedEvent, FoldResult } from './fold/user-tag-state';
export { utcDay } from './fold/utc-day';
export { TagCatalog, PLATFORM_ROLES, DEFAULT_TAG_DEFINITIONS } from './catalog/tag-catalog';
export type { TagViewer, ResolvedTag, VisibleTag } from './catalog/tag-catalog';
export { MACRO_DEFINITIONS } from './catalog/macro-definitions';
export type { MacroDefinition, MacroExpr } from './catalog/macro-definitions';
