import type { CallOptions, Metadata, ServiceError } from '@grpc/grpc-js';
import { START, type EventStoreDBClient } from '@eventstore/db-client';
import { OperationsClient } from '@eventstore/db-client/generated/operations_grpc_pb';
import { ScavengeResp, StartScavengeReq } from '@eventstore/db-client/generated/operations_pb';
import { ServiceUnavailableError } from '@tagstream/common';
import { mapClientError } from './map-client-error';

/**
 * `@eventstore/db-client` 6.x has no scavenge call, but runs every RPC through
 * `execute` (its channel, node discovery, TLS) and `callArguments` (its
 * credentials and deadline). Both are instance members of the client; the
 * generated OperationsClient is run through them, so a scavenge goes over the
 * same connection as everything else. Pinned to the 6.x client: checked below.
 */
interface ClientInternals {
  execute<C, T>(Client: new (...args: never[]) => C, debugName: string, action: (client: C) => Promise<T>): Promise<T>;
  callArguments(options: { requiresLeader?: boolean }): [Metadata, CallOptions];
}

type ScavengeStart = { scavengeId: string; inProgress: boolean };

/**
 * Starts a scavenge and waits until the server reports it complete.
 *
 * EventStoreDB scavenges asynchronously: StartScavenge answers at once with a
 * scavenge id (`Started`, or `InProgress` with the id of a scavenge already
 * running), and the server writes `$scavengeStarted` … `$scavengeCompleted`
 * (with `result`) to the stream `$scavenges-<id>`. Completion is observed by
 * subscribing to that stream (reading it needs an admin or `$ops` user in the
 * connection string). When another scavenge was already running, this waits
 * for it and then starts one of its own, so streams deleted before the call
 * are covered. The embedded server has finished before it answers, and writes
 * the same stream, so both are waited on the same way.
 */
export async function scavenge(client: EventStoreDBClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let started = await startScavenge(client);
  if (started.inProgress) {
    await waitForCompletion(client, started.scavengeId, deadline - Date.now());
    started = await startScavenge(client);
  }
  await waitForCompletion(client, started.scavengeId, deadline - Date.now());
}

async function startScavenge(client: EventStoreDBClient): Promise<ScavengeStart> {
  const internals = client as unknown as Partial<ClientInternals>;
  if (typeof internals.execute !== 'function' || typeof internals.callArguments !== 'function') {
    throw new Error('this @eventstore/db-client version does not expose execute/callArguments; scavenge needs 6.x');
  }
  const request = new StartScavengeReq();
  const options = new StartScavengeReq.Options();
  options.setThreadCount(1);
  options.setStartFromChunk(0);
  request.setOptions(options);
  try {
    return await internals.execute(OperationsClient, 'startScavenge', (operations) => {
      const [metadata, callOptions] = internals.callArguments!({ requiresLeader: true });
      return new Promise<ScavengeStart>((resolve, reject) =>
        operations.startScavenge(request, metadata, callOptions, (error: ServiceError | null, response?: ScavengeResp) => {
          if (error || !response) return reject(error ?? new Error('StartScavenge returned nothing'));
          resolve({
            scavengeId: response.getScavengeId(),
            inProgress: response.getScavengeResult() === ScavengeResp.ScavengeResult.INPROGRESS,
          });
        }),
      );
    });
  } catch (error) {
    throw scavengeError('could not start a scavenge', error);
  }
}

async function waitForCompletion(client: EventStoreDBClient, scavengeId: string, timeoutMs: number): Promise<void> {
  const subscription = client.subscribeToStream(`$scavenges-${scavengeId}`, { fromRevision: START });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableError(`scavenge ${scavengeId} did not complete within ${Math.round(timeoutMs / 1000)} s`)),
      Math.max(0, timeoutMs),
    );
  });
  const completed = (async () => {
    for await (const resolved of subscription) {
      if (resolved.event?.type !== '$scavengeCompleted') continue;
      const data = resolved.event.data as { result?: string; error?: string };
      if (data.result !== 'Success') {
        throw new ServiceUnavailableError(`scavenge ${scavengeId} ended with ${data.result ?? 'no result'}: ${data.error ?? ''}`);
      }
      return;
    }
    throw new ServiceUnavailableError(`scavenge ${scavengeId}: progress stream ended before completion`);
  })();
  try {
    await Promise.race([completed, timeout]);
  } catch (error) {
    throw scavengeError(`scavenge ${scavengeId} failed`, error);
  } finally {
    clearTimeout(timer);
    await subscription.unsubscribe();
  }
}

function scavengeError(message: string, error: unknown): unknown {
  if (error instanceof ServiceUnavailableError) return error;
  const mapped = mapClientError(error);
  if (mapped instanceof ServiceUnavailableError) return mapped;
  return new ServiceUnavailableError(`${message}: ${(error as Error)?.message ?? String(error)}`, undefined, { cause: error });
}
