import { SourceEvent } from '../core/source-event';
import { UserEventFeed } from '../runtime/ports';

const CAUGHT_UP = Symbol('caught-up');
type Item = SourceEvent | typeof CAUGHT_UP;

/**
 * Keeps reading the feed into a bounded buffer while the consumer is busy
 * (folding and writing a batch), so reading `$all` and writing ClickHouse
 * overlap instead of taking turns: a subscription's own stream buffer holds
 * only a few messages, so without this the store stops sending during every
 * write. Caught-up is delivered in order with the events.
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
          const reading = (async () => {
            try {
              for await (const event of feed.subscribe(from, { signal: inner.signal, onCaughtUp: () => (queue.push(CAUGHT_UP), notify()) })) {
                queue.push(event);
                notify();
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
