import { SourceEvent } from '../core/source-event';
import { UserEventFeed } from '../runtime/ports';

const END = Symbol('end');

/**
 * The feed up to the end of what is stored when it subscribes: the iteration
 * ends as soon as the subscription reports caught-up, rather than staying
 * live. The caught-up report comes in order with the events, so every event
 * before it has been yielded by then. A replay and its catch-up run to an end;
 * a subscription that starts at the end yields nothing and ends.
 */
export function toTheEnd(feed: UserEventFeed): UserEventFeed {
  return {
    subscribe(from, hooks) {
      return {
        async *[Symbol.asyncIterator]() {
          const inner = new AbortController();
          const stop = () => inner.abort();
          hooks.signal.addEventListener('abort', stop, { once: true });
          let reachedEnd = false;
          let wake: (() => void) | undefined;
          const events = feed
            .subscribe(from, {
              signal: inner.signal,
              onCaughtUp: () => {
                hooks.onCaughtUp();
                reachedEnd = true;
                wake?.();
              },
            })
            [Symbol.asyncIterator]();
          try {
            while (!reachedEnd) {
              // Not Promise.race with one long-lived promise: each race would leave a reaction on it holding its result (the event).
              const next = events.next();
              const result = await new Promise<IteratorResult<SourceEvent> | typeof END>((resolve, reject) => {
                wake = () => resolve(END);
                next.then(resolve, reject);
                if (reachedEnd) resolve(END); // reported while `next()` ran

              });
              wake = undefined;
              if (result === END || result.done) return;
              yield result.value;
            }
          } finally {
            hooks.signal.removeEventListener('abort', stop);
            inner.abort();
          }
        },
      };
    },
  };
}
