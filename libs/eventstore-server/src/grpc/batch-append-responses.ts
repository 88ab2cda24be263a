import type { ExpectedState, WriteOutcome } from '../engine/append-types';
import {
  lengthDelimitedSize,
  MessageBuilder,
  varintFieldSize,
  writeBytesField,
  writeTag,
  writeVarint,
  writeVarintField,
} from '../storage/proto-wire';

/*
 * Encoded `BatchAppendResp` (streams_pb): correlation_id = 1; error = 2 (google.rpc.Status);
 * success = 3 { current_revision = 1 | no_stream = 2; position = 3 }; stream_identifier = 4;
 * expected: stream_position = 5 | no_stream = 6 | any = 7 | stream_exists = 8.
 * Error details are packed in google.protobuf.Any, as the client unpacks them.
 */

const TYPE_URL_PREFIX = 'type.googleapis.com/';
const CODE_FAILED_PRECONDITION = 9;
const CODE_INVALID_ARGUMENT = 3;
const CODE_DEADLINE_EXCEEDED = 4;

/** Answers that come from the gRPC layer rather than the engine. */
export type BatchRefusal = { kind: 'invalid'; message: string } | { kind: 'timeout' };

export function batchAppendResponse(
  correlationId: Uint8Array,
  stream: string,
  expected: ExpectedState,
  outcome: WriteOutcome | BatchRefusal,
): Buffer {
  if (outcome.kind === 'success') return successResponse(correlationId, stream, expected, outcome.currentRevision, outcome.position);
  const msg = new MessageBuilder().bytes(1, correlationId);
  msg.message(2, statusFor(stream, expected, outcome));
  msg.message(4, new MessageBuilder().bytes(3, stream));
  switch (expected.kind) {
    case 'revision':
      msg.varint(5, expected.revision);
      break;
    case 'no_stream':
      msg.empty(6);
      break;
    case 'any':
      msg.empty(7);
      break;
    case 'stream_exists':
      msg.empty(8);
      break;
  }
  return msg.build();
}

/** The answer to nearly every append, written straight into one buffer (no builder, no BigInt). */
function successResponse(
  correlationId: Uint8Array,
  stream: string,
  expected: ExpectedState,
  currentRevision: number,
  position: number,
): Buffer {
  const streamLength = Buffer.byteLength(stream, 'utf8');
  const positionSize = varintFieldSize(1, position) + varintFieldSize(2, position);
  const successSize =
    (currentRevision < 0 ? 2 : varintFieldSize(1, currentRevision)) + lengthDelimitedSize(3, positionSize);
  const identifierSize = lengthDelimitedSize(3, streamLength);
  const expectedSize = expected.kind === 'revision' ? varintFieldSize(5, expected.revision) : 2;
  const total =
    lengthDelimitedSize(1, correlationId.length) +
    lengthDelimitedSize(3, successSize) +
    lengthDelimitedSize(4, identifierSize) +
    expectedSize;
  const buf = Buffer.allocUnsafe(total);
  let at = writeBytesField(buf, 0, 1, correlationId);
  at = writeTag(buf, at, 3, 2);
  at = writeVarint(buf, at, successSize);
  if (currentRevision < 0) {
    at = writeTag(buf, at, 2, 2);
    buf[at++] = 0;
  } else {
    at = writeVarintField(buf, at, 1, currentRevision);
  }
  at = writeTag(buf, at, 3, 2);
  at = writeVarint(buf, at, positionSize);
  at = writeVarintField(buf, at, 1, position);
  at = writeVarintField(buf, at, 2, position);
  at = writeTag(buf, at, 4, 2);
  at = writeVarint(buf, at, identifierSize);
  at = writeTag(buf, at, 3, 2);
  at = writeVarint(buf, at, streamLength);
  at += buf.write(stream, at, 'utf8');
  if (expected.kind === 'revision') {
    at = writeVarintField(buf, at, 5, expected.revision);
  } else {
    at = writeTag(buf, at, EXPECTED_FIELD[expected.kind], 2);
    buf[at++] = 0;
  }
  if (at !== total) throw new Error(`BatchAppendResp size mismatch: ${at} != ${total}`);
  return buf;
}

const EXPECTED_FIELD = { no_stream: 6, any: 7, stream_exists: 8 } as const;

function statusFor(
  stream: string,
  expected: ExpectedState,
  outcome: Exclude<WriteOutcome, { kind: 'success' }> | BatchRefusal,
): MessageBuilder {
  switch (outcome.kind) {
    case 'wrong_expected_version': {
      const details = new MessageBuilder();
      if (outcome.current === 'no_stream') details.empty(2);
      else details.varint(1, outcome.current);
      if (expected.kind === 'revision') details.varint(3, expected.revision);
      else details.empty(expected.kind === 'any' ? 4 : expected.kind === 'stream_exists' ? 5 : 6);
      return status(CODE_FAILED_PRECONDITION, 'Wrong expected version.', 'event_store.client.WrongExpectedVersion', details);
    }
    case 'stream_deleted':
      return status(
        CODE_FAILED_PRECONDITION,
        `Event stream '${stream}' is deleted.`,
        'event_store.client.StreamDeleted',
        new MessageBuilder().message(1, new MessageBuilder().bytes(3, stream)),
      );
    case 'too_big':
      return status(
        CODE_INVALID_ARGUMENT,
        `Maximum append size of ${outcome.maxAppendSize} bytes exceeded.`,
        'event_store.client.MaximumAppendSizeExceeded',
        new MessageBuilder().varint(1, outcome.maxAppendSize),
      );
    case 'invalid':
      return status(CODE_INVALID_ARGUMENT, outcome.message, 'event_store.client.Unknown', new MessageBuilder());
    case 'timeout':
      // The client turns `event_store.client.Timeout` into its DeadlineExceededError.
      return status(CODE_DEADLINE_EXCEEDED, 'Timeout', 'event_store.client.Timeout', new MessageBuilder());
  }
}

function status(code: number, message: string, typeName: string, details: MessageBuilder): MessageBuilder {
  const any = new MessageBuilder().bytes(1, TYPE_URL_PREFIX + typeName).bytes(2, details.build());
  return new MessageBuilder().varint(1, code).bytes(2, message).message(3, any);
}
