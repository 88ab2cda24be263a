import { Position } from './position';

/** One event read from a user stream in `$all`, as the projector needs it (independent of the client library). */
export interface SourceEvent {
  readonly position: Position;
  readonly streamId: string;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  /** When the store committed it; drives "time reached" in freshness. */
  readonly created?: Date;
}

/** A source event with the user it belongs to and that user's surrogate. */
export interface UserEvent extends SourceEvent {
  readonly userId: string;
  readonly surrogate: number;
}
