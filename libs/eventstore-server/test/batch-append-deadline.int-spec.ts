import { randomUUID } from 'node:crypto';
import { credentials } from '@grpc/grpc-js';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { readAllOf, startConformanceTarget, uniqueStream } from './conformance-target';

/**
 * An append sent over BatchAppend in several requests, whose deadline passes
 * before its last request: EventStoreDB answers DeadlineExceeded then, and
 * ignores the rest. The client never does this on its own, so the calls are
 * made with the generated gRPC classes (an insecure channel: `tls=false`).
 */
describe('conformance: a batch append whose deadline passes while it is being sent', () => {
  let client: EventStoreDBClient;
  let endpoint: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    let connectionString: string;
    ({ client, connectionString, stop } = await startConformanceTarget());
    endpoint = new URL(connectionString.replace(/^esdb(\+discover)?:/, 'http:')).host;
  });
  afterAll(() => stop());

  function request(correlation: UUID, stream: string | undefined, deadline: Date, isFinal: boolean): BatchAppendReq {
    const req = new BatchAppendReq();
    req.setCorrelationId(correlation);
    if (stream !== undefined) {
      const options = new BatchAppendReq.Options();
      const identifier = new StreamIdentifier();
      identifier.setStreamName(Buffer.from(stream));
      options.setStreamIdentifier(identifier);
      options.setAny(new Empty());
      options.setDeadline(Timestamp.fromDate(deadline));
      req.setOptions(options);
    }
    const message = new BatchAppendReq.ProposedMessage();
    const id = new UUID();
    id.setString(randomUUID());
    message.setId(id);
    message.getMetadataMap().set('type', 'Late');
    message.getMetadataMap().set('content-type', 'application/json');
    message.setData(Buffer.from('{}'));
    req.addProposedMessages(message);
    req.setIsFinal(isFinal);
    return req;
  }

  it('answers DeadlineExceeded for the incomplete append, writes none of it, and ignores its last request', async () => {
    const streams = new StreamsClient(endpoint, credentials.createInsecure());
    const call = streams.batchAppend();
    // Closing the client cancels the call at the end: that is expected.
    call.on('error', () => undefined);
    const answers: BatchAppendResp[] = [];
    const answered = new Promise<void>((resolve) =>
      call.on('data', (resp: BatchAppendResp) => {
        answers.push(resp);
        if (answers.length === 2) resolve();
      }),
    );
    try {
      const stream = uniqueStream('late');
      const correlation = new UUID();
      correlation.setString(randomUUID());
      call.write(request(correlation, stream, new Date(Date.now() + 200), false));
      // The first answer can only be the timeout: the append's last request is sent only after it.
      await new Promise<void>((resolve) => call.once('data', () => resolve()));
      call.write(request(correlation, undefined, new Date(Date.now() + 200), true));

      // A later append on the same call is answered normally, and is the second answer.
      const other = new UUID();
      other.setString(randomUUID());
      const control = uniqueStream('control');
      call.write(request(other, control, new Date(Date.now() + 60_000), true));
      await answered;

      expect(answers[0].getCorrelationId()!.getString()).toBe(correlation.getString());
      expect(answers[0].getError()!.getCode()).toBe(4);
      expect(answers[0].getError()!.getDetails()!.getTypeName()).toBe('event_store.client.Timeout');
      expect(answers[1].getCorrelationId()!.getString()).toBe(other.getString());
      expect(answers[1].hasSuccess()).toBe(true);
      await expect(readAllOf(client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
      expect(await readAllOf(client.readStream(control))).toHaveLength(1);
    } finally {
      call.end();
      streams.close();
    }
  });
});
