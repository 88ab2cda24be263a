import type { Writable } from 'node:stream';

type WriteCallback = (error?: Error | null) => void;
interface WritableInternals {
  _write(chunk: unknown, encoding: BufferEncoding | null, callback: WriteCallback): void;
  _writev?(chunks: Array<{ chunk: unknown }>, callback: WriteCallback): void;
}

const ignore = (): void => undefined;

/**
 * grpc-js server streams implement only `_write`, and its callback comes once
 * HTTP/2 has taken the message, so a stream of small messages goes out one per
 * event-loop turn. Giving the call a `_writev` (the standard Writable hook)
 * hands every message queued meanwhile to grpc-js at once: each is still framed
 * and sent by grpc-js, only the per-message wait goes. Only the last callback is
 * waited on; an earlier failure fails the whole call inside grpc-js anyway.
 */
export function sendQueuedMessagesTogether(call: Writable): void {
  const stream = call as unknown as WritableInternals;
  if (typeof stream._write !== 'function') return;
  stream._writev = (chunks, callback) => {
    const last = chunks.length - 1;
    for (let i = 0; i < last; i++) stream._write(chunks[i].chunk, null, ignore);
    stream._write(chunks[last].chunk, null, callback);
  };
}
