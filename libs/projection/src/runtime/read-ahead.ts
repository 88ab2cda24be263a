import { Position } from '../core/position';
import { SourceEvent } from '../core/source-event';
import { UserEventFeed } from './ports';

const CAUGHT_UP = Symbol('caught-up');
/** A position the filtered subscription examined, kept in order with the events around it. */
interface Scanned {
  readonly checkpoint: Position;
}
type Item = SourceEvent | Scanned | typeof CAUGHT_UP;

/**
 * Keeps reading the feed into a bounded buffer while the consumer is busy
 * (folding and writing a batch), so reading `$all` and writing ClickHouse
 * overlap instead of taking turns: a subscription's own stream buffer holds
 * only a few messages, so without this the store stops sending during every
 * write. Caught-up and checkpoints are delivered in order with the events,
 * when the consumer reaches them: a checkpoint reported early would tell
 * freshness that buffered events had been seen.
 */
export function readAhead(feed: UserEventFeed, capacity = 20_000): UserEventFeed {
  return {
    subscribe(from, hooks) {
      return {
        async *[Symbol.asyncIterator]() {
          const inner = new AbortController();
          const stop = () => inner.abort();
          hooks.signal.addEventListener('abort', stop, { once: true });
          let queue: Item[] = [];
          let head = 0;
          let ended = false;
          let failure: unknown;
          let wakeConsumer: (() => void) | undefined;
          let wakeReader: (() => void) | undefined;
          const notify = () => (wakeConsumer?.(), (wakeConsumer = undefined));
          const enqueue = (item: Item) => (queue.push(item), notify());
          const reading = (async () => {
            try {
              const source = feed.subscribe(from, {
                signal: inner.signal,
                onCaughtUp: () => enqueue(CAUGHT_UP),
                ...(hooks.onCheckpoint ? { onCheckpoint: (checkpoint: Position) => enqueue({ checkpoint }) } : {}),
              });
              for await (const event of source) {
                enqueue(event);
                if (queue.length - head >= capacity && !inner.signal.aborted) await new Promise<void>((resume) => (wakeReader = resume));
              }
            } catch (error) {
              failure = error;
            } finally {
              ended = true;
              notify();
            }
          })();
          try {
            for (;;) {
              if (head < queue.length) {
                const item = queue[head++];
                if (head > 4_096 && head * 2 > queue.length) (queue = queue.slice(head)), (head = 0);
                if (wakeReader && queue.length - head < capacity / 2) (wakeReader(), (wakeReader = undefined));
                if (item === CAUGHT_UP) hooks.onCaughtUp();
                else if ('checkpoint' in item) hooks.onCheckpoint?.(item.checkpoint);
                else yield item;
                continue;
              }
              if (ended) {
                if (failure && !inner.signal.aborted) throw failure;
                return;
              }
              await new Promise<void>((resume) => (wakeConsumer = resume));
            }
          } finally {
            hooks.signal.removeEventListener('abort', stop);
            inner.abort();
            wakeReader?.();
            await reading;
          }
        },
      };
    },
  };
}
