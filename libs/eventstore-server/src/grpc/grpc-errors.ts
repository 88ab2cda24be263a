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
