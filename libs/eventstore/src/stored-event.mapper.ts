import type { ResolvedEvent } from '@eventstore/db-client';
import type { StoredEvent } from './event-store.types';

/** Maps a client event to the project's shape; undefined for an entry without a readable event. */
export function toStoredEvent(resolved: ResolvedEvent): StoredEvent | undefined {
  const event = resolved.event;
  if (!event || !event.position) return undefined;
  return {
    streamId: event.streamId,
    revision: event.revision,
    position: { commit: event.position.commit, prepare: event.position.prepare },
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    created: event.created,
  };
}
