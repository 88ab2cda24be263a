import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventStore, ExpectedRevision, StorePosition } from '@tagstream/eventstore';
import { evolve, SegmentState } from './segment';
import { isSegmentEvent, SEGMENT_EVENT_SCHEMA_VERSION, SegmentEvent, segmentStreamName } from './segment.events';

export interface LoadedSegment {
  readonly state: SegmentState;
  /** What the next append expects: the revision of the stream's last event, or `no_stream`. */
  readonly revision: ExpectedRevision;
}

/** Reads and appends segment streams `segment-<id>` through the event-store adapter. */
@Injectable()
export class SegmentRepository {
  constructor(private readonly store: EventStore) {}

  async load(segmentId: string): Promise<LoadedSegment> {
    let state: SegmentState;
    let revision: ExpectedRevision = 'no_stream';
    for await (const stored of this.store.readStream(segmentStreamName(segmentId))) {
      revision = stored.revision;
      const event = { type: stored.type, data: stored.data };
      if (isSegmentEvent(event)) state = evolve(state, event);
    }
    return { state, revision };
  }

  /** Appends with an expected revision: a concurrent writer makes this throw `ConcurrencyError` (409). */
  async append(segmentId: string, events: readonly SegmentEvent[], expected: ExpectedRevision, requestId?: string): Promise<StorePosition> {
    const result = await this.store.append(
      segmentStreamName(segmentId),
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: { schemaVersion: SEGMENT_EVENT_SCHEMA_VERSION, ...(requestId ? { requestId } : {}) },
      })),
      expected,
    );
    return result.position;
  }
}
