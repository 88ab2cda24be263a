import { TaggableEventType } from '../vocabulary';

export type TagKind = 'state' | 'activity';

/** `platform`: every viewer may use it. `tenant`: only the institution named in the tag (and the platform's own roles). */
export type Visibility = 'platform' | 'tenant';

/** One event type a definition reads and the `data` fields it reads from it. */
export interface LineageEntry {
  readonly eventType: TaggableEventType;
  readonly fields: readonly string[];
  /** Fields among `fields` that an event may lack (e.g. `QuestionAsked.institutionId`). */
  readonly optional?: readonly string[];
}

/** A placeholder in a tag name pattern, e.g. `<category>` in `holder:<category>`. */
export interface TagParam {
  readonly name: string;
  /** The finite set of values, when there is one; otherwise `pattern` decides. */
  readonly values?: readonly string[];
  readonly pattern?: RegExp;
}

/**
 * One family of tags. The name pattern is made of `:`-separated segments, each
 * a literal or a `<param>`; no value of any param contains `:`, so a tag name
 * maps to at most one definition.
 */
export interface TagDefinition {
  readonly id: string;
  readonly kind: TagKind;
  readonly pattern: string;
  readonly description: string;
  readonly visibility: Visibility;
  /** Beyond `data` fields, every rule sees the event `type`; activity tags also use the UTC day of `occurredAt`. */
  readonly lineage: readonly LineageEntry[];
  readonly params: readonly TagParam[];
}
