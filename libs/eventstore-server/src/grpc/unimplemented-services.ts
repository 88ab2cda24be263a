import type { Server, ServiceDefinition, UntypedHandleCall } from '@grpc/grpc-js';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { MonitoringService } from '@eventstore/db-client/generated/monitoring_grpc_pb';
import { PersistentSubscriptionsService } from '@eventstore/db-client/generated/persistent_grpc_pb';
import { ProjectionsService } from '@eventstore/db-client/generated/projections_grpc_pb';
import { UsersService } from '@eventstore/db-client/generated/users_grpc_pb';
import { unimplemented } from './grpc-errors';

const SERVICES: Array<[string, ServiceDefinition]> = [
  ['Gossip', GossipService as unknown as ServiceDefinition],
  ['Monitoring', MonitoringService as unknown as ServiceDefinition],
  ['PersistentSubscriptions', PersistentSubscriptionsService as unknown as ServiceDefinition],
  ['Projections', ProjectionsService as unknown as ServiceDefinition],
  ['Users', UsersService as unknown as ServiceDefinition],
];

/** Registers every other EventStoreDB service so that each call answers UNIMPLEMENTED with a clear message. */
export function addUnimplementedServices(server: Server): void {
  for (const [serviceName, definition] of SERVICES) server.addService(definition, unimplementedHandlers(serviceName, definition));
}

/** A handler per method of the service, each answering UNIMPLEMENTED. */
export function unimplementedHandlers(serviceName: string, definition: ServiceDefinition): Record<string, UntypedHandleCall> {
  const handlers: Record<string, UntypedHandleCall> = {};
  for (const [methodName, method] of Object.entries(definition)) {
    const error = unimplemented(`${serviceName}.${methodName}`);
    handlers[methodName] = method.responseStream
      ? (call: { emit(event: 'error', e: Error): void }) => call.emit('error', error)
      : (_call: unknown, callback: (e: Error) => void) => callback(error);
  }
  return handlers;
}
