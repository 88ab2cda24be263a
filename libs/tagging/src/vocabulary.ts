/**
 * The value sets and event types the taxonomy is written against. They come
 * from the event catalog so a tag can never name a category or topic the
 * intake would reject.
 */
export {
  ARTICLE_KINDS,
  CATEGORIES,
  FUND_CODE_PATTERN,
  INSTITUTION_ID_PATTERN,
  QUESTION_TOPICS,
  REFERENCE_ID_PATTERN,
  RISK_LEVELS,
} from '@tagstream/events';
import { EVENT_TYPES, EventTypeName } from '@tagstream/events';

/** Every event type of the v1 catalog (docs/contract.md §3); `active` counts each of them. */
export const TAGGABLE_EVENT_TYPES: readonly EventTypeName[] = EVENT_TYPES;
export type TaggableEventType = EventTypeName;

/** Fields no tag may ever read (docs/contract.md §4): they must never reach the label store. */
export const FORBIDDEN_FIELDS = ['amount', 'currency', 'region'] as const;
