import type { ServerWritableStream } from '@grpc/grpc-js';
import { sendQueuedMessagesTogether } from './batched-writes';

const MAX_BUFFERED_MESSAGES = 512;

/** Writes to a server stream with back-pressure, and knows when the caller has gone. */
export class ResponseSink {
  private gone = false;
  private readonly goneWaiters = new Set<() => void>();

  constructor(private readonly call: ServerWritableStream<unknown, Buffer>) {
    sendQueuedMessagesTogether(call);
    const markGone = (): void => {
      this.gone = true;
      for (const wake of this.goneWaiters) wake();
      this.goneWaiters.clear();
    };
    call.on('cancelled', markGone);
    call.on('close', markGone);
    call.on('error', markGone);
  }

  get cancelled(): boolean {
    return this.gone || this.call.cancelled;
  }

  /** Sends one message; waits only when the transport asks to. Returns false once the caller is gone. */
  async send(message: Buffer): Promise<boolean> {
    if (this.cancelled) return false;
    this.call.write(message);
    // The stream's own high-water mark is 16 messages; waiting for 'drain' that often costs an
    // event-loop turn per 16 events. Buffer up to a bounded number of messages instead.
    if (this.call.writableLength < MAX_BUFFERED_MESSAGES) return true;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.goneWaiters.delete(done);
        this.call.off('drain', done);
        resolve();
      };
      this.goneWaiters.add(done);
      this.call.once('drain', done);
    });
    return !this.cancelled;
  }

  /** Resolves when `signal` registers a wake-up, or when the caller goes away. */
  waitFor(register: (wake: () => void) => () => void): Promise<void> {
    if (this.cancelled) return Promise.resolve();
    return new Promise((resolve) => {
      let unregister: () => void = () => undefined;
      const wake = (): void => {
        unregister();
        this.goneWaiters.delete(wake);
        resolve();
      };
      this.goneWaiters.add(wake);
      unregister = register(wake);
    });
  }

  end(): void {
    if (!this.cancelled) this.call.end();
  }

  fail(error: Error): void {
    if (!this.cancelled) this.call.emit('error', error);
  }
}
