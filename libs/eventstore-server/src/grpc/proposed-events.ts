import type { ProposedEvent } from '../storage/record-codec';
import { invalidArgument, missingMetadataError } from './grpc-errors';
import type { ServiceError } from '@grpc/grpc-js';

/** The shape shared by AppendReq.ProposedMessage and BatchAppendReq.ProposedMessage. */
export interface GrpcProposedMessage {
  getId(): { hasString(): boolean; getString(): string; hasStructured(): boolean } | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Converts a proposed message, or explains which part is wrong. */
export function toProposedEvent(message: GrpcProposedMessage, index: number): ProposedEvent | ServiceError {
  const uuid = message.getId();
  if (!uuid || !uuid.hasString()) {
    return invalidArgument(`events[${index}].id: only string UUIDs are supported`);
  }
  const id = uuid.getString().toLowerCase();
  if (!UUID.test(id)) return invalidArgument(`events[${index}].id: '${uuid.getString()}' is not a UUID`);
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (!type) return missingMetadataError('type');
  const contentType = metadata.get('content-type');
  if (!contentType) return missingMetadataError('content-type');
  return {
    id,
    type,
    contentType,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof Error && 'code' in value;
}
