import { Position } from '../core/position';
import { SourceEvent } from '../core/source-event';
import { DeadLetter } from '../core/labels';

/**
 * The catch-up subscription the projector follows: user streams of `$all`,
 * strictly after `from`, in `$all` order. `onCaughtUp` is called each time the
 * subscription reaches the end of what is stored (then goes live).
 * `onCheckpoint`, when the feed supports it, reports positions the filtered
 * subscription has examined (matching or not), in order with the events.
 */
export interface UserEventFeed {
  subscribe(from: Position | undefined, hooks: FeedHooks): AsyncIterable<SourceEvent>;
}

export interface FeedHooks {
  onCaughtUp(): void;
  onCheckpoint?(position: Position): void;
  signal: AbortSignal;
}

/** The first event the feed would deliver after a position, found by reading the store directly. */
export interface UnscannedEvent {
  readonly position: Position;
  readonly created: Date;
}

/**
 * The store's head, read independently of the subscription, so freshness can
 * say whether the store holds events the subscription has not reached yet.
 */
export interface StoreHead {
  /** The last position of `$all` (any stream), or null when the store is empty. */
  head(): Promise<Position | null>;
  /** The first event after `position` that the feed would deliver, or null when there is none up to the head. */
  firstAfter(position: Position | undefined): Promise<UnscannedEvent | null>;
}

/**
 * Dense UInt32 surrogates for platform user ids. The mapping is kept in the
 * event store, never in ClickHouse; a user keeps their surrogate for ever
 * (rebuilds included).
 */
export interface SurrogateRegistry {
  surrogatesFor(userIds: readonly string[]): Promise<Map<string, number>>;
}

/** Where events no rule can handle go, with the reason (a dead-letter stream in the event store). */
export interface DeadLetterSink {
  write(letters: readonly DeadLetter[]): Promise<void>;
}

/**
 * People who have been erased (compliance's `ErasureRegistry` fits). The
 * projector refreshes it once per batch and drops their events, so neither
 * live projection nor a rebuild from `$all` brings them back.
 */
export interface ErasedSubjects {
  refresh(): Promise<void>;
  isErased(userId: string): boolean;
}
