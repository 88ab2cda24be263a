import { Expr } from '../expression';

/**
 * Events of a segment's stream `segment-<id>`. Plain immutable data; each is
 * written under the explicit type name in `SEGMENT_EVENT_TYPES`, never one
 * taken from a class name.
 */
export interface SegmentCreated {
  readonly type: 'SegmentCreated';
  readonly data: {
    readonly segmentId: string;
    readonly tenant: string;
    readonly name: string;
    readonly description: string | null;
    readonly expression: Expr;
    readonly expressionHash: string;
    readonly version: 1;
    readonly by: string;
    readonly at: string;
  };
}

export interface SegmentRedefined {
  readonly type: 'SegmentRedefined';
  readonly data: {
    readonly segmentId: string;
    readonly tenant: string;
    readonly name: string;
    readonly description: string | null;
    readonly expression: Expr;
    readonly expressionHash: string;
    readonly version: number;
    readonly by: string;
    readonly at: string;
  };
}

export interface SegmentArchived {
  readonly type: 'SegmentArchived';
  readonly data: {
    readonly segmentId: string;
    readonly tenant: string;
    readonly by: string;
    readonly at: string;
  };
}

export type SegmentEvent = SegmentCreated | SegmentRedefined | SegmentArchived;

export const SEGMENT_EVENT_TYPES = ['SegmentCreated', 'SegmentRedefined', 'SegmentArchived'] as const;

/** Schema version of every segment event's `data`, written to its metadata. */
export const SEGMENT_EVENT_SCHEMA_VERSION = 1;

export const SEGMENT_STREAM_PREFIX = 'segment-';

export function segmentStreamName(segmentId: string): string {
  return SEGMENT_STREAM_PREFIX + segmentId;
}

export function isSegmentEvent(event: { type: string; data: unknown }): event is SegmentEvent {
  return (SEGMENT_EVENT_TYPES as readonly string[]).includes(event.type) && typeof event.data === 'object' && event.data !== null;
}
