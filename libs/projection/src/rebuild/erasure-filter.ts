import { userIdFromStream } from '@tagstream/events';
import { UserEventFeed } from '../runtime/ports';

/**
 * Who has been erased (the compliance erasure registry fits this shape). A
 * deleted stream's events stay in `$all` until the store scavenges them, so a
 * replay must skip them by user id.
 */
export interface ErasedUsers {
  refresh(): Promise<void>;
  isErased(userId: string): boolean;
}

/** Erasures are re-read every this many events, so one recorded during a long replay is honoured too. */
const REFRESH_EVERY = 10_000;

export interface ErasureFilter {
  readonly feed: UserEventFeed;
  /** Events skipped because their user is erased. */
  skipped(): number;
}

/** The feed without the events of erased users; they never reach the surrogate registry or a table. */
export function withoutErased(feed: UserEventFeed, erased: ErasedUsers): ErasureFilter {
  let skipped = 0;
  const filtered: UserEventFeed = {
    subscribe(from, hooks) {
      return {
        async *[Symbol.asyncIterator]() {
          await erased.refresh();
          let seen = 0;
          for await (const event of feed.subscribe(from, hooks)) {
            if (++seen % REFRESH_EVERY === 0) await erased.refresh();
            const userId = userIdFromStream(event.streamId);
            if (userId !== undefined && erased.isErased(userId)) {
              skipped++;
              continue;
            }
            yield event;
          }
        },
      };
    },
  };
  return { feed: filtered, skipped: () => skipped };
}
