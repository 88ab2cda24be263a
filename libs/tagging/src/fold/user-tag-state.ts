import { reduceEvent, TaggableEvent } from '../lineage/reduced-event';
import { UnprocessableEventError } from '../lineage/unprocessable-event.error';
import { consentRule, STATE_RULES } from '../rules';
import { RULES_BY_EVENT_TYPE } from './rule-index';
import { utcDay } from './utc-day';

/**
 * Bumped whenever a rule changes what it folds, so persisted states written by
 * an older taxonomy are recognised as stale and rebuilt rather than reused.
 */
export const TAXONOMY_VERSION = 1;

/** One user's folded state: consent plus one slice per state tag family (keyed by definition id). Plain JSON. */
export interface UserTagState {
  readonly personalized: boolean;
  readonly slices: Readonly<Record<string, unknown>>;
}

/** `count` more of `tag` on UTC day `day` (`YYYY-MM-DD`). */
export interface ActivityIncrement {
  readonly tag: string;
  readonly day: string;
  readonly count: number;
}

export interface AppliedEvent {
  readonly state: UserTagState;
  readonly activity: readonly ActivityIncrement[];
}

export function initialUserTagState(): UserTagState {
  const slices: Record<string, unknown> = {};
  for (const rule of STATE_RULES) slices[rule.definition.id] = rule.initial;
  return { personalized: consentRule.initial, slices };
}

/**
 * Applies one event: every rule whose lineage names the event type sees the
 * event reduced to its declared fields. Throws `UnprocessableEventError` before
 * changing anything when any of them cannot take the event. Pure.
 */
export function applyEvent(state: UserTagState, event: TaggableEvent): AppliedEvent {
  const rules = RULES_BY_EVENT_TYPE.get(event.type);
  if (!rules) throw new UnprocessableEventError(`unknown event type ${JSON.stringify(String(event.type))}`, 'type');
  if (event.data === null || typeof event.data !== 'object') throw new UnprocessableEventError('must be an object', 'data');
  const day = utcDay(event.occurredAt);

  let slices: Record<string, unknown> | undefined;
  for (const { rule, entry } of rules.state) {
    const id = rule.definition.id;
    const before = (slices ?? state.slices)[id] ?? rule.initial;
    const after = rule.evolve(before, reduceEvent(event, entry));
    if (after !== before) (slices ??= { ...state.slices })[id] = after;
  }
  const personalized = rules.consent ? consentRule.evolve(state.personalized, reduceEvent(event, rules.consent)) : state.personalized;

  const activity: ActivityIncrement[] = [];
  for (const { rule, entry } of rules.activity) {
    for (const tag of rule.tags(reduceEvent(event, entry))) activity.push({ tag, day, count: 1 });
  }
  const unchanged = !slices && personalized === state.personalized;
  return { state: unchanged ? state : { personalized, slices: slices ?? state.slices }, activity };
}

/** `evolve(state, event)` of the fold: the next state only. */
export function evolve(state: UserTagState, event: TaggableEvent): UserTagState {
  return applyEvent(state, event).state;
}

/** The activity increments one event gives, independent of state. */
export function activityOf(event: TaggableEvent): readonly ActivityIncrement[] {
  return applyEvent(initialUserTagState(), event).activity;
}

/** The user's current state tags, sorted. */
export function stateTagsOf(state: UserTagState): string[] {
  const tags: string[] = [];
  for (const rule of STATE_RULES) tags.push(...rule.tags(state.slices[rule.definition.id] ?? rule.initial));
  return tags.sort();
}

export interface FoldResult {
  readonly state: UserTagState;
  readonly stateTags: readonly string[];
  readonly personalized: boolean;
  /** Summed per (tag, day), sorted by day then tag. */
  readonly activity: readonly ActivityIncrement[];
}

/** Folds a user's events in stream order from `state` (default: a new user). */
export function foldUser(events: Iterable<TaggableEvent>, state: UserTagState = initialUserTagState()): FoldResult {
  const counts = new Map<string, ActivityIncrement>();
  for (const event of events) {
    const applied = applyEvent(state, event);
    state = applied.state;
    for (const increment of applied.activity) addIncrement(counts, increment);
  }
  const activity = [...counts.values()].sort((a, b) => (a.day === b.day ? (a.tag < b.tag ? -1 : 1) : a.day < b.day ? -1 : 1));
  return { state, stateTags: stateTagsOf(state), personalized: state.personalized, activity };
}

function addIncrement(counts: Map<string, ActivityIncrement>, increment: ActivityIncrement): void {
  const key = `${increment.day}|${increment.tag}`;
  const seen = counts.get(key);
  counts.set(key, seen ? { ...seen, count: seen.count + increment.count } : increment);
}
