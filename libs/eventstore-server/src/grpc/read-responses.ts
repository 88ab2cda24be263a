import {
  MessageBuilder,
  lengthDelimitedSize,
  varintFieldSize,
  writeTag,
  writeVarint,
  writeVarintField,
} from '../storage/proto-wire';
import type { Resolved } from './link-resolution';

/*
 * Encoded `event_store.client.streams.ReadResp` messages. Field numbers are those
 * of the generated classes in `@eventstore/db-client/generated/streams_pb`:
 * ReadResp { event = 1; confirmation = 2; checkpoint = 3; stream_not_found = 4; caught_up = 8 }
 * ReadEvent { event = 1; link = 2; commit_position = 3 }.
 */

/** A ReadResp carrying one stored RecordedEvent, sent as is. */
export function eventResponse(recordedEvent: Uint8Array, position: number): Buffer {
  const readEventSize = lengthDelimitedSize(1, recordedEvent.length) + varintFieldSize(3, position);
  const total = lengthDelimitedSize(1, readEventSize);
  const buf = Buffer.allocUnsafe(total);
  let at = writeTag(buf, 0, 1, 2);
  at = writeVarint(buf, at, readEventSize);
  at = writeTag(buf, at, 1, 2);
  at = writeVarint(buf, at, recordedEvent.length);
  buf.set(recordedEvent, at);
  at += recordedEvent.length;
  writeVarintField(buf, at, 3, position);
  return buf;
}

/** A ReadResp for a `resolveLinkTos` read: the target in `event` (absent when it cannot be read) and the link in `link`. */
export function resolvedEventResponse(resolved: Resolved, position: number): Buffer {
  if (!resolved.link) return eventResponse(resolved.event, position);
  const readEvent = new MessageBuilder();
  if (resolved.event) readEvent.bytes(1, resolved.event);
  return new MessageBuilder().message(1, readEvent.bytes(2, resolved.link).varint(3, position)).build();
}

export function confirmationResponse(subscriptionId: string): Buffer {
  return new MessageBuilder().message(2, new MessageBuilder().bytes(1, subscriptionId)).build();
}

export function checkpointResponse(position: number): Buffer {
  return new MessageBuilder()
    .message(3, new MessageBuilder().varint(1, position).varint(2, position))
    .build();
}

export function caughtUpResponse(): Buffer {
  return new MessageBuilder().empty(8).build();
}
