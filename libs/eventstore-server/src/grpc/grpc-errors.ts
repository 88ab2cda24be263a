import { Metadata, status, type ServiceError } from '@grpc/grpc-js';

/**
 * gRPC errors the way EventStoreDB sends them: a status code plus an
 * `exception` trailer that `@eventstore/db-client` turns into its typed errors.
 */
export function grpcError(code: status, details: string, trailers: Record<string, string> = {}): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

export function streamDeletedError(stream: string): ServiceError {
  return grpcError(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': stream,
  });
}

/**
 * A read of a stream that does not exist. EventStoreDB answers with a
 * `stream_not_found` message and then ends the call, but the client destroys
 * the call as soon as that message arrives, before the trailers: every such
 * read then ends in an HTTP/2 stream reset, and Node's rapid-reset defence
 * (nghttp2: a burst of 1 000 resets, then 33 a second, not configurable in
 * Node 20) closes the whole connection after about a thousand of them,
 * failing every call on it. The error trailer below (EventStoreDB's older
 * form of the same answer) ends the call without a reset, and the client
 * raises the same `StreamNotFoundError` with the stream's name.
 */
export function streamNotFoundError(stream: string): ServiceError {
  return grpcError(status.NOT_FOUND, `Event stream '${stream}' is not found.`, {
    exception: 'stream-not-found',
    'stream-name': stream,
  });
}

export function maxAppendSizeError(maxAppendSize: number): ServiceError {
  return grpcError(status.INVALID_ARGUMENT, `Maximum append size of ${maxAppendSize} bytes exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(maxAppendSize),
  });
}

export function missingMetadataError(property: string): ServiceError {
  return grpcError(status.INVALID_ARGUMENT, `Required metadata property '${property}' is missing.`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': property,
  });
}

export function invalidArgument(details: string): ServiceError {
  return grpcError(status.INVALID_ARGUMENT, details);
}

export function unavailable(details: string): ServiceError {
  return grpcError(status.UNAVAILABLE, details);
}

export function unimplemented(what: string): ServiceError {
  return grpcError(
    status.UNIMPLEMENTED,
    `${what} is not implemented by the embedded Tagstream event store (see libs/eventstore-server/README.md).`,
  );
}
