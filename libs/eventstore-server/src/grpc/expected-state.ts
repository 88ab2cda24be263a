import type { ExpectedState } from '../engine/append-types';

interface ExpectedOptions {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists?(): boolean;
}

/** Reads the expected-revision oneof shared (under different names) by Append, BatchAppend, Delete and Tombstone options. */
export function expectedStateOf(options: ExpectedOptions, revision: string | undefined): ExpectedState {
  if (revision !== undefined) return { kind: 'revision', revision: Number(revision) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists?.()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}
