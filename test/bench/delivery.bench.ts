/**
 * Cost of the admin's snapshot delivery lookup (surrogate → platform id) on
 * the embedded event store (standalone, in a child process). Writes `--users` mappings in the
 * registry's format (batches of `--batch` new users, each batch followed by
 * `--events-per-user` raw events per user in `user-` streams, so the mapping
 * events are spread through `$all` as in production), then delivers a
 * snapshot of every `--every`-th surrogate in ascending pages of `--page`.
 * Baseline, measured in the same run: one filtered scan of every mapping from
 * the start of `$all`, i.e. what each page would cost without the allocation
 * index. `wholeDeliveryInFullScans` is the whole delivery's time in units of
 * that full scan: about 1 when the pages together read the mappings once.
 *
 *   npm run bench:delivery [-- --users 100000 --batch 1000 --events-per-user 2 --every 10 --page 10000]
 *
 * Ends with one JSON line of its figures.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EventStore } from '@tagstream/eventstore';
import {
  EventStoreSurrogateRegistry,
  SURROGATE_ALLOCATION_STREAM,
  SURROGATE_ASSIGNED,
  SURROGATE_STREAM_PREFIX,
  SURROGATES_ALLOCATED,
  surrogateStreamName,
} from '@tagstream/projection';
import { startBenchServer } from './eventstore-bench-server';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    'events-per-user': { type: 'string', default: '2' },
    every: { type: 'string', default: '10' },
    page: { type: 'string', default: '10000' },
  },
});
const USERS = Number(values.users);
const BATCH = Number(values.batch);
const EVENTS_PER_USER = Number(values['events-per-user']);
const EVERY = Number(values.every);
const PAGE = Number(values.page);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tagstream-delivery-bench-'));
  const server = await startBenchServer(dataDir, false);
  const es = { store: new EventStore(server.connectionString) };
  try {
    const surrogates: number[] = [];
    const fillStart = Date.now();
    let allocation: bigint | 'no_stream' = 'no_stream';
    for (let first = 0; first < USERS; first += BATCH) {
      const ids = Array.from({ length: Math.min(BATCH, USERS - first) }, (_, i) => `bench-user-${first + i}`);
      allocation = (await writeMappings(es.store, ids, first + 1, allocation)).nextRevision;
      surrogates.push(...ids.map((_, i) => first + 1 + i));
      const raw = () => Array.from({ length: EVENTS_PER_USER }, () => ({ id: randomUUID(), type: 'FundViewed', data: { fundCode: '000001' } }));
      if (EVENTS_PER_USER > 0) await inFlight(ids, (id) => es.store.append(`user-${id}`, raw()));
    }
    const fillSeconds = (Date.now() - fillStart) / 1000;
    process.stderr.write(`filled ${USERS} mappings in ${fillSeconds.toFixed(1)} s\n`);

    // One untimed full scan first, so neither measurement pays for a cold cache or cold code.
    await scanAllMappings(es.store);
    const baselineStart = performance.now();
    const mappings = await scanAllMappings(es.store);
    const fullScanMs = performance.now() - baselineStart;
    if (mappings !== USERS) throw new Error(`full scan saw ${mappings} mappings of ${USERS}`);

    const snapshot = [...surrogates].sort((a, b) => a - b).filter((_, i) => i % EVERY === 0);
    const reader = new EventStoreSurrogateRegistry(es.store);
    const pageMs: number[] = [];
    let delivered = 0;
    const deliveryStart = Date.now();
    for (let i = 0; i < snapshot.length; i += PAGE) {
      const started = performance.now();
      delivered += (await reader.platformIdsOf(snapshot.slice(i, i + PAGE))).size;
      pageMs.push(performance.now() - started);
    }
    const deliveryMs = Date.now() - deliveryStart;
    if (delivered !== snapshot.length) throw new Error(`delivered ${delivered} of ${snapshot.length}`);

    const sorted = [...pageMs].sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        users: USERS,
        allEvents: USERS * (EVENTS_PER_USER + 1),
        snapshotMembers: snapshot.length,
        pages: pageMs.length,
        pageMsP50: Math.round(sorted[Math.floor(sorted.length / 2)]),
        pageMsMax: Math.round(sorted[sorted.length - 1]),
        deliveryMs,
        fullScanMsPerPageWithoutIndex: Math.round(fullScanMs),
        ratioPerPage: Number((fullScanMs / sorted[Math.floor(sorted.length / 2)]).toFixed(1)),
        wholeDeliveryInFullScans: Number((deliveryMs / fullScanMs).toFixed(2)),
      }),
    );
  } finally {
    await es.store.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every mapping event, by a filtered subscription from the start of `$all` to its end. */
async function scanAllMappings(store: EventStore): Promise<number> {
  let mappings = 0;
  const all = store.subscribeToAll({ streamPrefixes: [SURROGATE_STREAM_PREFIX], onCaughtUp: () => void all.unsubscribe() });
  for await (const _ of all) mappings++;
  return mappings;
}

/**
 * The mapping streams as `EventStoreSurrogateRegistry.surrogatesFor` writes
 * them (an allocation, then one `SurrogateAssigned` stream per user), written
 * here directly: through the registry, about a thousand reads of
 * never-written streams end in "RST_STREAM … Session closed" against the
 * embedded server (a separate problem), which would stop the fill.
 */
async function writeMappings(store: EventStore, ids: string[], first: number, expected: bigint | 'no_stream') {
  const metadata = { schemaVersion: 1 };
  const allocated = await store.append(
    SURROGATE_ALLOCATION_STREAM,
    [{ id: randomUUID(), type: SURROGATES_ALLOCATED, data: { first, next: first + ids.length }, metadata }],
    expected,
  );
  await inFlight(ids, (id, i) =>
    store.append(surrogateStreamName(id), [{ id: randomUUID(), type: SURROGATE_ASSIGNED, data: { surrogate: first + i }, metadata }], 'no_stream'),
  );
  return allocated;
}

/** 64 appends in flight, as the projector's registry does. */
async function inFlight(ids: string[], append: (id: string, index: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ids.length; i += 64) await Promise.all(ids.slice(i, i + 64).map((id, j) => append(id, i + j)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
