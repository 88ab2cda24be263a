import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  jsonEvent,
  type AppendExpectedRevision,
  type StreamingRead,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { ServiceUnavailableError, ValidationFailedError } from '@tagstream/common';
import { mapClientError } from './map-client-error';
import { toStoredEvent } from './stored-event.mapper';
import { subscribeToAll } from './event-store.subscription';
import { scavenge } from './event-store.scavenge';
import type {
  AppendResult,
  EventStoreSubscription,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StorePosition,
  StreamMetadata,
  SubscribeToAllOptions,
} from './event-store.types';

export const EVENT_STORE_CONNECTION_STRING = Symbol('EVENT_STORE_CONNECTION_STRING');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The project's only door to EventStoreDB (real or embedded): appends with an
 * expected revision, reads, filtered checkpointed subscriptions to `$all`, and
 * client errors mapped to the typed errors of `@tagstream/common`.
 */
@Injectable()
export class EventStore {
  private readonly client: EventStoreDBClient;

  constructor(@Optional() @Inject(EVENT_STORE_CONNECTION_STRING) connectionString?: string) {
    if (!connectionString) throw new Error('EventStore needs an esdb:// connection string');
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async append(stream: string, events: EventToAppend[], expected: ExpectedRevision = 'any'): Promise<AppendResult> {
    validateEvents(events);
    try {
      const result = await this.client.appendToStream(
        stream,
        events.map((e) =>
          jsonEvent({ id: e.id, type: e.type, data: e.data as never, ...(e.metadata === undefined ? {} : { metadata: e.metadata as never }) }),
        ),
        { expectedRevision: expected as AppendExpectedRevision },
      );
      if (!result.position) throw new ServiceUnavailableError(`append to ${stream} returned no position`);
      return { nextRevision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      throw mapClientError(error, stream);
    }
  }

  /** Events of one stream; a stream that does not exist (or was soft-deleted) reads as empty. */
  async *readStream(stream: string, opts: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const backwards = opts.direction === 'backwards';
    const from = opts.fromRevision ?? (backwards ? 'end' : 'start');
    const read = this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: from === 'start' ? START : from === 'end' ? END : from,
      ...(opts.maxCount === undefined ? {} : { maxCount: opts.maxCount }),
    });
    try {
      yield* mapped(read);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw mapClientError(error, stream);
    }
  }

  /** Every event in `$all` order (system events included, as EventStoreDB returns them). */
  async *readAll(opts: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    const backwards = opts.direction === 'backwards';
    const from = opts.from ?? (backwards ? 'end' : 'start');
    const read = this.client.readAll({
      direction: backwards ? BACKWARDS : FORWARDS,
      fromPosition: from === 'start' ? START : from === 'end' ? END : from,
      ...(opts.maxCount === undefined ? {} : { maxCount: opts.maxCount }),
    });
    try {
      yield* mapped(read);
    } catch (error) {
      throw mapClientError(error);
    }
  }

  /**
   * The last event of `$all` (system events included) and its commit time, or
   * null when the store is empty: one backwards read of one event.
   */
  async headPosition(): Promise<{ position: StorePosition; created: Date } | null> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: 5000 });
    let head: { position: StorePosition; created: Date } | null = null;
    try {
      // Read to its end (maxCount 1 ends it): a call cancelled early was seen to keep `close()` waiting.
      for await (const event of mapped(read)) head ??= { position: event.position, created: event.created };
      return head;
    } catch (error) {
      throw mapClientError(error);
    }
  }

  /** A catch-up subscription to `$all` (system events excluded); iterate it to receive events and callbacks. */
  subscribeToAll(opts: SubscribeToAllOptions): EventStoreSubscription {
    return subscribeToAll(this.client, opts);
  }

  /** Soft delete: the stream reads as missing until written again. */
  async deleteStream(stream: string, expected: Exclude<ExpectedRevision, 'stream_exists'> = 'any'): Promise<void> {
    try {
      await this.client.deleteStream(stream, { expectedRevision: expected });
    } catch (error) {
      throw mapClientError(error, stream);
    }
  }

  /** Hard delete: the stream can never be read or written again. */
  async tombstoneStream(stream: string, expected: Exclude<ExpectedRevision, 'stream_exists'> = 'any'): Promise<void> {
    try {
      await this.client.tombstoneStream(stream, { expectedRevision: expected });
    } catch (error) {
      throw mapClientError(error, stream);
    }
  }

  /**
   * Physically removes deleted events: bodies of tombstoned and soft-deleted
   * streams and of events truncated by `$tb` / `$maxCount`. Resolves once the
   * server reports the scavenge complete (see event-store.scavenge.ts for how
   * that is observed on a real EventStoreDB, where scavenging is asynchronous).
   */
  async scavenge(timeoutMs = 60 * 60 * 1000): Promise<void> {
    await scavenge(this.client, timeoutMs);
  }

  async getStreamMetadata(stream: string): Promise<StreamMetadata | undefined> {
    try {
      const result = await this.client.getStreamMetadata(stream);
      return result.metadata as StreamMetadata | undefined;
    } catch (error) {
      throw mapClientError(error, stream);
    }
  }

  async setStreamMetadata(stream: string, metadata: StreamMetadata): Promise<void> {
    try {
      await this.client.setStreamMetadata(stream, metadata);
    } catch (error) {
      throw mapClientError(error, stream);
    }
  }

  /** True when the store answers a read of `$all`. */
  async ping(): Promise<boolean> {
    try {
      for await (const _ of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: 5000 })) {
        // maxCount 1: the read ends by itself, so the call is never left open.
      }
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

/**
 * Maps client events, and cancels the gRPC call when the consumer stops early:
 * leaving the loop only destroys the client's stream object, and the open call
 * would otherwise keep the connection (and `close()`) waiting.
 */
async function* mapped(read: StreamingRead<ResolvedEvent>): AsyncGenerator<StoredEvent> {
  let finished = false;
  try {
    for await (const resolved of read) {
      const event = toStoredEvent(resolved);
      if (event) yield event;
    }
    finished = true;
  } finally {
    if (!finished) await read.cancel();
  }
}

function validateEvents(events: EventToAppend[]): void {
  const problems = events.flatMap((e, index) => [
    ...(typeof e.id === 'string' && UUID.test(e.id)
      ? []
      : [{ path: `events[${index}].id`, rule: 'uuid', message: 'must be a UUID', index }]),
    ...(typeof e.type === 'string' && e.type.length > 0
      ? []
      : [{ path: `events[${index}].type`, rule: 'required', message: 'must be a non-empty string', index }]),
  ]);
  if (problems.length > 0) throw new ValidationFailedError('invalid events for the event store', problems);
}
