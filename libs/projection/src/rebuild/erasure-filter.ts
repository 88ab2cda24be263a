import { userIdFromStream } from '@tagstream/events';
import { ErasedSubjects, UserEventFeed } from '../runtime/ports';

/** Erasures are re-read every this many events, so one recorded during a long replay is honoured too. */
const REFRESH_EVERY = 10_000;

export interface ErasureFilter {
  readonly feed: UserEventFeed;
  /** Events skipped because their user is erased. */
  skipped(): number;
}

/**
 * The feed without the events of erased users: they never reach the surrogate
 * registry, a table or the event count. A deleted stream's events stay in
 * `$all` until the store scavenges them, so a replay must skip them by id.
 */
export function withoutErased(feed: UserEventFeed, erased: ErasedSubjects): ErasureFilter {
  let skipped = 0;
  const filtered: UserEventFeed = {
    subscribe(from, hooks) {
      return {
        async *[Symbol.asyncIterator]() {
          // The registry answers by a keyed hash of the id: one hash per user between refreshes, not one per event.
          const known = new Map<string, boolean>();
          const isErased = (userId: string) => {
            let answer = known.get(userId);
            if (answer === undefined) known.set(userId, (answer = erased.isErased(userId)));
            return answer;
          };
          await erased.refresh();
          let seen = 0;
          for await (const event of feed.subscribe(from, hooks)) {
            if (++seen % REFRESH_EVERY === 0) {
              await erased.refresh();
              known.clear();
            }
            const userId = userIdFromStream(event.streamId);
            if (userId !== undefined && isErased(userId)) {
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
