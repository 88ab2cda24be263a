import type { sendUnaryData, ServerReadableStream } from '@grpc/grpc-js';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { AppendReq, AppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { ExpectedState, WriteOutcome } from '../engine/append-types';
import type { EventStoreEngine } from '../engine/event-store-engine';
import type { ProposedEvent } from '../storage/record-codec';
import { expectedStateOf } from './expected-state';
import { invalidArgument, maxAppendSizeError, streamDeletedError } from './grpc-errors';
import { isServiceError, rawProposedMessage, toProposedEvent } from './proposed-events';

/** Streams.Append: one options message, then the events, then one answer. */
export function appendHandler(engine: EventStoreEngine) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let failure: Error | undefined;
    call.on('data', (req: AppendReq) => {
      if (failure) return;
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) {
        const event = toProposedEvent(rawProposedMessage(req.getProposedMessage()!), events.length);
        if (isServiceError(event)) failure = event;
        else events.push(event);
      }
    });
    call.on('end', () => {
      if (failure) return callback(failure);
      if (!options) return callback(invalidArgument('AppendReq.options must come first'));
      const stream = Buffer.from(options.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
      const expected = expectedStateOf(options, options.hasRevision() ? options.getRevision() : undefined);
      engine.append(stream, expected, events).then(
        (outcome) => answer(callback, stream, outcome),
        (error: Error) => callback(error),
      );
    });
    call.on('error', () => undefined);
  };
}

function answer(callback: sendUnaryData<AppendResp>, stream: string, outcome: WriteOutcome): void {
  const resp = new AppendResp();
  switch (outcome.kind) {
    case 'success': {
      const success = new AppendResp.Success();
      if (outcome.currentRevision < 0) success.setNoStream(new Empty());
      else success.setCurrentRevision(String(outcome.currentRevision));
      const position = new AppendResp.Position();
      position.setCommitPosition(String(outcome.position));
      position.setPreparePosition(String(outcome.position));
      success.setPosition(position);
      resp.setSuccess(success);
      return callback(null, resp);
    }
    case 'wrong_expected_version':
      resp.setWrongExpectedVersion(wrongExpectedVersion(outcome.expected, outcome.current));
      return callback(null, resp);
    case 'stream_deleted':
      return callback(streamDeletedError(stream));
    case 'too_big':
      return callback(maxAppendSizeError(outcome.maxAppendSize));
  }
}

function wrongExpectedVersion(expected: ExpectedState, current: number | 'no_stream'): AppendResp.WrongExpectedVersion {
  // The generated setters are typed with google.protobuf.Empty; any empty message encodes the same.
  const empty = new Empty() as never;
  const w = new AppendResp.WrongExpectedVersion();
  if (current === 'no_stream') w.setCurrentNoStream(empty);
  else w.setCurrentRevision(String(current));
  switch (expected.kind) {
    case 'any':
      w.setExpectedAny(empty);
      break;
    case 'no_stream':
      w.setExpectedNoStream(empty);
      break;
    case 'stream_exists':
      w.setExpectedStreamExists(empty);
      break;
    case 'revision':
      w.setExpectedRevision(String(expected.revision));
      break;
  }
  return w;
}
