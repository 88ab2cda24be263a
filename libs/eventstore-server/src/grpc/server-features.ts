import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';

const STREAMS_SERVICE = 'event_store.client.streams.Streams';

/** The version reported to clients: the EventStoreDB gRPC API level this server follows. */
export const COMPATIBLE_SERVER_VERSION = '23.10.0';

/** ServerFeatures.GetSupportedMethods: tells the client which Streams RPCs exist (BatchAppend included). */
export function supportedMethodsHandler() {
  return (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>): void => {
    const methods = ['Read', 'Append', 'BatchAppend', 'Delete', 'Tombstone'].map((name) => {
      const method = new SupportedMethod();
      method.setServiceName(STREAMS_SERVICE.toLowerCase());
      method.setMethodName(name.toLowerCase());
      if (name === 'Read') method.setFeaturesList(['position', 'events']);
      return method;
    });
    const response = new SupportedMethods();
    response.setMethodsList(methods);
    response.setEventStoreServerVersion(COMPATIBLE_SERVER_VERSION);
    callback(null, response);
  };
}
