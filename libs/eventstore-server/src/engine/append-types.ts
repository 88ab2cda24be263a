/** What the writer expects the stream to look like, as in EventStoreDB. */
export type ExpectedState =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'revision'; revision: number };

export type CurrentState = number | 'no_stream';

export type WriteOutcome =
  | { kind: 'success'; currentRevision: number; position: number }
  | { kind: 'wrong_expected_version'; expected: ExpectedState; current: CurrentState }
  | { kind: 'stream_deleted' }
  | { kind: 'too_big'; maxAppendSize: number };

/** EventStoreDB's default `MaxAppendSize`. */
export const MAX_APPEND_SIZE = 1024 * 1024;
