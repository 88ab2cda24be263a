import type { INestApplication } from '@nestjs/common';
import { EventStore, StorePosition } from '@tagstream/eventstore';
import { ProjectionRunner } from '@tagstream/projection';
import { ServingIndex } from '@tagstream/segments';

/**
 * Waits (bounded poll on the projection's visible position, the one every
 * answer's freshness reports) until the latest event of each of these users is
 * visible to segment sizes and to the recommender's serving index.
 */
export async function waitUntilProjected(app: INestApplication, userIds: readonly string[], ms = 30_000): Promise<void> {
  const target = await lastPositionOf(app.get(EventStore), userIds);
  const runner = app.get(ProjectionRunner);
  const index = app.get(ServingIndex);
  const reached = (position: string | null) => position !== null && BigInt(position.split('/')[0]) >= target.commit;
  const deadline = Date.now() + ms;
  for (;;) {
    const visible = runner.getFreshness().position;
    // The recommender's serving index follows the labels a tick behind the projector.
    if (reached(visible) && reached(index.position())) return;
    if (Date.now() > deadline) throw new Error(`projection did not reach ${target.commit} within ${ms} ms (at ${visible}, serving index at ${index.position()})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Where the users' latest events sit in `$all`. */
export async function lastPositionOf(store: EventStore, userIds: readonly string[]): Promise<StorePosition> {
  let last: StorePosition = { commit: -1n, prepare: -1n };
  for (const userId of userIds) {
    for await (const event of store.readStream(`user-${userId}`, { direction: 'backwards', maxCount: 1 })) {
      if (event.position.commit > last.commit) last = event.position;
    }
  }
  return last;
}
