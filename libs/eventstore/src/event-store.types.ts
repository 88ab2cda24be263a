/** One event to append. `id` is a UUID and is the idempotency key. */
export interface EventToAppend {
  id: string;
  type: string;
  /** Any JSON value. */
  data: unknown;
  /** Any JSON value; omitted when undefined. */
  metadata?: unknown;
}

/** A `$all` position. Positions only grow, and survive restarts. */
export interface StorePosition {
  commit: bigint;
  prepare: bigint;
}

/** What the writer expects the stream to look like; a bigint is the revision of its last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface StoredEvent {
  streamId: string;
  revision: bigint;
  position: StorePosition;
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  created: Date;
}

export interface AppendResult {
  /** Revision of the last event now in the stream (the expected revision of the next append). */
  nextRevision: bigint;
  /** `$all` position of the last event written; a subscriber past it has seen this append. */
  position: StorePosition;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: ReadDirection;
  fromRevision?: bigint | 'start' | 'end';
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Inclusive for reads. */
  from?: StorePosition | 'start' | 'end';
  direction?: ReadDirection;
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Start after this position (exclusive, as EventStoreDB defines it); from the beginning when omitted. */
  from?: StorePosition;
  /** Only events of streams starting with one of these (filtered on the server). */
  streamPrefixes?: string[];
  /** Only events whose type starts with one of these. */
  eventTypePrefixes?: string[];
  /**
   * Checkpoint interval multiplier, as in `@eventstore/db-client`: the server
   * reports a checkpoint about every 32 × this many events it examines (and, on
   * the embedded server, whenever the subscriber reaches the end of the log). Default 1.
   */
  checkpointInterval?: number;
  /**
   * Called in order with the events: when it runs, every event before the
   * checkpoint has been yielded and processed. Store it and resume with `from`.
   */
  onCheckpoint?: (position: StorePosition) => void | Promise<void>;
  /** Called once, in order with the events, when the subscription has read all history. */
  onCaughtUp?: () => void;
}

export interface EventStoreSubscription extends AsyncIterable<StoredEvent> {
  unsubscribe(): Promise<void>;
}

export interface StreamMetadata {
  maxCount?: number;
  maxAge?: number;
  truncateBefore?: number;
  [custom: string]: unknown;
}
