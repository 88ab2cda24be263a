import { randomUUID } from 'node:crypto';
import { EventStore, StreamDeletedError } from '@tagstream/eventstore';

export const ERASURE_TICKET_PREFIX = 'erasure-ticket-';
export const ERASURE_TICKET_OPENED = 'ErasureTicketOpened';

export interface ErasureTicketOpenedData {
  /** In clear: what a resume needs to find `user-<id>` and the id mapping. Removed with the ticket. */
  readonly userId: string;
}

/** What a ticket says: the id, or that it was closed (the erasure's removals are all done). */
export type ErasureTicket = { readonly userId: string } | 'closed' | undefined;

/**
 * The one place a pending erasure keeps the person's id. `UserErased` holds
 * only a keyed hash, so after a crash nothing else says which `user-<id>`
 * stream and id mapping to remove. The ticket stream is named by that hash,
 * opened before the erasure is recorded, and tombstoned and scavenged once
 * every removal is done, before the completion is recorded: a completed
 * erasure leaves no id behind, as a stream name or in an event.
 */
export class ErasureTickets {
  constructor(private readonly store: EventStore) {}

  async open(userIdHash: string, userId: string): Promise<void> {
    const data: ErasureTicketOpenedData = { userId };
    await this.store.append(streamOf(userIdHash), [{ id: randomUUID(), type: ERASURE_TICKET_OPENED, data, metadata: { schemaVersion: 1 } }]);
  }

  /** undefined: no ticket was ever opened (an erasure recorded before tickets existed). */
  async read(userIdHash: string): Promise<ErasureTicket> {
    let userId: string | undefined;
    try {
      for await (const event of this.store.readStream(streamOf(userIdHash))) {
        if (event.type === ERASURE_TICKET_OPENED) userId = (event.data as ErasureTicketOpenedData).userId;
      }
    } catch (error) {
      if (error instanceof StreamDeletedError) return 'closed';
      throw error;
    }
    return userId === undefined ? undefined : { userId };
  }

  /** Tombstones the ticket and scavenges, so the id is gone from disk too; repeating it is harmless. */
  async close(userIdHash: string): Promise<void> {
    try {
      await this.store.tombstoneStream(streamOf(userIdHash));
    } catch (error) {
      if (!(error instanceof StreamDeletedError)) throw error;
    }
    await this.store.scavenge();
  }
}

function streamOf(userIdHash: string): string {
  return ERASURE_TICKET_PREFIX + userIdHash;
}
