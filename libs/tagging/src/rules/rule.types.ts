import { ReducedEvent } from '../lineage/reduced-event';
import { LineageEntry, TagDefinition } from '../taxonomy/tag-definition';

/**
 * A state tag family: a slice of per-user state folded from the events of its
 * lineage only (each reduced to the declared fields), and the tags the slice
 * currently gives. Slices are plain JSON so a user's state can be persisted.
 */
export interface StateRule<S = unknown> {
  readonly definition: TagDefinition;
  readonly initial: S;
  evolve(slice: S, event: ReducedEvent): S;
  tags(slice: S): readonly string[];
}

/** An activity tag family: the tags one event counts once each, on the UTC day of its `occurredAt`. */
export interface ActivityRule {
  readonly definition: TagDefinition;
  tags(event: ReducedEvent): readonly string[];
}

/** Consent is state but not a tag; it has a lineage like one so compliance can list what it reads. */
export interface ConsentRule {
  readonly lineage: readonly LineageEntry[];
  readonly initial: boolean;
  evolve(personalized: boolean, event: ReducedEvent): boolean;
}

/** A set keyed by id whose values say what the member belongs to (a category, an institution). */
export type Keyed = Readonly<Record<string, string>>;

export function withKey(set: Keyed, key: string, value: string): Keyed {
  return set[key] === value ? set : { ...set, [key]: value };
}

export function withoutKey(set: Keyed, key: string): Keyed {
  if (!(key in set)) return set;
  const next: Record<string, string> = { ...set };
  delete next[key];
  return next;
}

export function distinctValues(set: Keyed): string[] {
  return [...new Set(Object.values(set))];
}
