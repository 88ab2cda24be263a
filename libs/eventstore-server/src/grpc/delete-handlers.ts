import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { DeleteReq, DeleteResp, TombstoneReq, TombstoneResp } from '@eventstore/db-client/generated/streams_pb';
import type { WriteOutcome } from '../engine/append-types';
import type { EventStoreEngine } from '../engine/event-store-engine';
import { expectedStateOf } from './expected-state';
import { grpcError, invalidArgument, streamDeletedError } from './grpc-errors';
import { status } from '@grpc/grpc-js';

/** Streams.Delete (soft delete). */
export function deleteHandler(engine: EventStoreEngine) {
  return (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>): void => {
    const options = call.request.getOptions();
    if (!options) return callback(invalidArgument('DeleteReq.options is required'));
    const stream = Buffer.from(options.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
    const expected = expectedStateOf(options, options.hasRevision() ? options.getRevision() : undefined);
    engine.deleteStream(stream, expected).then(
      (outcome) => respond(outcome, stream, callback, () => new DeleteResp(), () => new DeleteResp.Position()),
      (error: Error) => callback(error),
    );
  };
}

/** Streams.Tombstone (hard delete). */
export function tombstoneHandler(engine: EventStoreEngine) {
  return (call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>): void => {
    const options = call.request.getOptions();
    if (!options) return callback(invalidArgument('TombstoneReq.options is required'));
    const stream = Buffer.from(options.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
    const expected = expectedStateOf(options, options.hasRevision() ? options.getRevision() : undefined);
    engine.tombstoneStream(stream, expected).then(
      (outcome) => respond(outcome, stream, callback, () => new TombstoneResp(), () => new TombstoneResp.Position()),
      (error: Error) => callback(error),
    );
  };
}

interface PositionMessage {
  setCommitPosition(v: string): unknown;
  setPreparePosition(v: string): unknown;
}

function respond<R extends { setPosition(p: never): unknown }, P extends PositionMessage>(
  outcome: WriteOutcome,
  stream: string,
  callback: sendUnaryData<R>,
  createResponse: () => R,
  createPosition: () => P,
): void {
  switch (outcome.kind) {
    case 'success': {
      const position = createPosition();
      position.setCommitPosition(String(outcome.position));
      position.setPreparePosition(String(outcome.position));
      const resp = createResponse();
      resp.setPosition(position as never);
      return callback(null, resp);
    }
    case 'stream_deleted':
      return callback(streamDeletedError(stream));
    case 'wrong_expected_version': {
      const expected = outcome.expected;
      const expectedText =
        expected.kind === 'revision' ? String(expected.revision) : expected.kind === 'no_stream' ? '-1' : expected.kind === 'any' ? '-2' : '-4';
      return callback(
        grpcError(status.FAILED_PRECONDITION, `Append failed due to WrongExpectedVersion. Stream: ${stream}`, {
          exception: 'wrong-expected-version',
          'stream-name': stream,
          'expected-version': expectedText,
          ...(outcome.current === 'no_stream' ? {} : { 'actual-version': String(outcome.current) }),
        }),
      );
    }
    case 'too_big':
      return callback(invalidArgument('delete requests carry no events'));
  }
}
