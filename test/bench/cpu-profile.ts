/**
 * A CPU profile of this process's main thread over one phase of a benchmark
 * (node:inspector, the same format as `node --cpu-prof`), and where its time
 * went by component: each sample is charged to the first component found
 * walking its stack from the leaf upwards, so time in a shared helper is
 * charged to whichever caller owns it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Components by the source they run, most specific first; the first match on a stack wins. */
const COMPONENTS: [string, (url: string) => boolean][] = [
  ['embedded event-store server', (url) => url.includes('libs/eventstore-server/')],
  ['audit projector', (url) => url.includes('compliance/src/audit-projection/')],
  ['label projector', (url) => url.includes('libs/projection/')],
  ['ClickHouse client (chDB)', (url) => url.includes('libs/clickhouse/') || url.includes('node_modules/chdb/') || url.includes('@clickhouse/')],
  ['event-store client (audit appends, subscriptions)', (url) => url.includes('libs/eventstore/') || url.includes('@eventstore/') || url.includes('@grpc/') || url.includes('google-protobuf')],
  ['user-tags service, audit record', (url) => url.includes('libs/segments/') || url.includes('libs/compliance/')],
  [
    'HTTP server (Nest, express, JWT, validation, logging, metrics)',
    (url) => ['@nestjs/', '/express/', '/router/', 'body-parser', 'libs/http/', 'libs/auth/', 'libs/observability/', 'class-validator', 'class-transformer', 'pino', 'prom-client', '_http_server'].some((part) => url.includes(part)),
  ],
];

export interface CpuProfileRecorder {
  /** Stops profiling; writes the profile to `path` when given; milliseconds of main-thread time per component. */
  stop(path?: string): Promise<Map<string, number>>;
}

export async function startCpuProfile(samplingIntervalUs = 500): Promise<CpuProfileRecorder> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
  await post('Profiler.start');
  return {
    async stop(path) {
      const { profile } = await post<{ profile: Profile }>('Profiler.stop');
      session.disconnect();
      if (path) writeFileSync(path, JSON.stringify(profile));
      return timeByComponent(profile);
    },
  };
}

function timeByComponent(profile: Profile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const owner = new Map<number, string>();
  const componentOf = (id: number): string => {
    const known = owner.get(id);
    if (known) return known;
    const leaf = nodes.get(id)!.callFrame.functionName;
    let found = leaf === '(idle)' ? 'idle' : leaf === '(garbage collector)' ? 'garbage collector' : undefined;
    for (let at: number | undefined = id; !found && at !== undefined; at = parents.get(at)) {
      const url = nodes.get(at)!.callFrame.url;
      found = COMPONENTS.find(([, matches]) => matches(url))?.[0];
    }
    const component = found ?? 'other (Node internals: sockets, timers, promises)';
    owner.set(id, component);
    return component;
  };
  const ms = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const component = componentOf(id);
    ms.set(component, (ms.get(component) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  return ms;
}
