import { randomUUID } from 'node:crypto';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { ExpectedState } from '../src/engine/append-types';
import { decodeBatchAppendReq } from '../src/grpc/batch-append-request';
import { batchAppendResponse } from '../src/grpc/batch-append-responses';

function request(expected: ExpectedState | undefined, ids: Array<string | 'structured'>, isFinal: boolean): BatchAppendReq {
  const req = new BatchAppendReq();
  const correlation = new UUID();
  correlation.setString(randomUUID());
  req.setCorrelationId(correlation);
  if (expected) {
    const options = new BatchAppendReq.Options();
    const identifier = new StreamIdentifier();
    identifier.setStreamName(Buffer.from('user-ü-42'));
    options.setStreamIdentifier(identifier);
    options.setDeadline(Timestamp.fromDate(new Date(1_800_000_000_000)));
    if (expected.kind === 'revision') options.setStreamPosition(String(expected.revision));
    else if (expected.kind === 'no_stream') options.setNoStream(new Empty());
    else if (expected.kind === 'stream_exists') options.setStreamExists(new Empty());
    else options.setAny(new Empty());
    req.setOptions(options);
  }
  ids.forEach((id, i) => {
    const message = new BatchAppendReq.ProposedMessage();
    const uuid = new UUID();
    if (id === 'structured') {
      const structured = new UUID.Structured();
      structured.setMostSignificantBits('1');
      structured.setLeastSignificantBits('2');
      uuid.setStructured(structured);
    } else {
      uuid.setString(id);
    }
    message.setId(uuid);
    message.getMetadataMap().set('type', `Type${i}`);
    message.getMetadataMap().set('content-type', 'application/json');
    message.getMetadataMap().set('other', 'ignored');
    message.setData(Buffer.from(JSON.stringify({ i })));
    if (i % 2 === 0) message.setCustomMetadata(Buffer.from(`{"m":${i}}`));
    req.addProposedMessages(message);
  });
  req.setIsFinal(isFinal);
  return req;
}

describe('BatchAppend wire codec (against the generated classes)', () => {
  it.each<ExpectedState>([
    { kind: 'any' },
    { kind: 'no_stream' },
    { kind: 'stream_exists' },
    { kind: 'revision', revision: 0 },
    { kind: 'revision', revision: 2 ** 40 + 7 },
  ])('decodes a request expecting %o', (expected) => {
    const ids = [randomUUID(), 'structured' as const, randomUUID()];
    const req = request(expected, ids, true);
    const decoded = decodeBatchAppendReq(Buffer.from(req.serializeBinary()));
    expect(Buffer.from(decoded.correlationId)).toEqual(Buffer.from(req.getCorrelationId()!.serializeBinary()));
    expect(decoded.options).toEqual({ stream: 'user-ü-42', expected, deadlineMs: 1_800_000_000_000 });
    expect(decoded.isFinal).toBe(true);
    expect(decoded.messages.map((m) => ({ ...m, data: Buffer.from(m.data).toString(), customMetadata: Buffer.from(m.customMetadata).toString() }))).toEqual([
      { id: ids[0], type: 'Type0', contentType: 'application/json', data: '{"i":0}', customMetadata: '{"m":0}' },
      { id: undefined, type: 'Type1', contentType: 'application/json', data: '{"i":1}', customMetadata: '' },
      { id: ids[2], type: 'Type2', contentType: 'application/json', data: '{"i":2}', customMetadata: '{"m":2}' },
    ]);
  });

  it('decodes a continuation request without options', () => {
    const decoded = decodeBatchAppendReq(Buffer.from(request(undefined, [randomUUID()], false).serializeBinary()));
    expect(decoded.options).toBeUndefined();
    expect(decoded.isFinal).toBe(false);
    expect(decoded.messages).toHaveLength(1);
  });

  it('refuses a truncated request instead of reading past it', () => {
    const bytes = Buffer.from(request({ kind: 'any' }, [randomUUID()], true).serializeBinary());
    expect(() => decodeBatchAppendReq(bytes.subarray(0, bytes.length - 10))).toThrow(/malformed BatchAppendReq/);
  });

  it.each<[ExpectedState, number]>([
    [{ kind: 'any' }, 5],
    [{ kind: 'no_stream' }, -1],
    [{ kind: 'stream_exists' }, 0],
    [{ kind: 'revision', revision: 300 }, 2 ** 35],
  ])('encodes a success answer the generated class reads back (%o, revision %d)', (expected, currentRevision) => {
    const correlation = new UUID();
    correlation.setString(randomUUID());
    const position = 2 ** 33 + 5;
    const bytes = batchAppendResponse(correlation.serializeBinary(), 'user-ü-42', expected, { kind: 'success', currentRevision, position });
    const resp = BatchAppendResp.deserializeBinary(bytes);
    expect(resp.getCorrelationId()!.getString()).toBe(correlation.getString());
    const success = resp.getSuccess()!;
    if (currentRevision < 0) expect(success.hasNoStream()).toBe(true);
    else expect(success.getCurrentRevision()).toBe(String(currentRevision));
    expect(success.getPosition()!.getCommitPosition()).toBe(String(position));
    expect(success.getPosition()!.getPreparePosition()).toBe(String(position));
    expect(Buffer.from(resp.getStreamIdentifier()!.getStreamName_asU8()).toString()).toBe('user-ü-42');
    if (expected.kind === 'revision') expect(resp.getStreamPosition()).toBe(String(expected.revision));
    else if (expected.kind === 'no_stream') expect(resp.hasNoStream()).toBe(true);
    else if (expected.kind === 'any') expect(resp.hasAny()).toBe(true);
    else expect(resp.hasStreamExists()).toBe(true);
  });

  it('reads the deadline as a Timestamp (to the millisecond), and no deadline as none', () => {
    const req = request({ kind: 'any' }, [randomUUID()], true);
    req.getOptions()!.setDeadline(Timestamp.fromDate(new Date(1_800_000_000_123)));
    expect(decodeBatchAppendReq(Buffer.from(req.serializeBinary())).options!.deadlineMs).toBe(1_800_000_000_123);
    req.getOptions()!.clearDeadline();
    expect(decodeBatchAppendReq(Buffer.from(req.serializeBinary())).options!.deadlineMs).toBe(Infinity);
  });

  it('encodes a timeout the client reads as DeadlineExceeded with Timeout details', () => {
    const correlation = new UUID();
    correlation.setString(randomUUID());
    const resp = BatchAppendResp.deserializeBinary(batchAppendResponse(correlation.serializeBinary(), 's', { kind: 'any' }, { kind: 'timeout' }));
    expect(resp.getCorrelationId()!.getString()).toBe(correlation.getString());
    expect(resp.getError()!.getCode()).toBe(4);
    expect(resp.getError()!.getDetails()!.getTypeName()).toBe('event_store.client.Timeout');
  });
});
