import type { INestApplication } from '@nestjs/common';
import { EventStore, StorePosition } from '@tagstream/eventstore';
import { ProjectionRunner } from '@tagstream/projection';

/**
 * Waits (bounded poll on the projection's visible position, the one every
 * answer's freshness reports) until the latest event of each of these users is
 * visible to segment sizes and the recommender.
 */
export async function waitUntilProjected(app: INestApplication, userIds: readonly string[], ms = 30_000): Promise<void> {
  const target = await lastPositionOf(app.get(EventStore), userIds);
  const runner = app.get(ProjectionRunner);
  const deadline = Date.now() + ms;
  for (;;) {
    const visible = runner.getFreshness().position;
    if (visible && BigInt(visible.split('/')[0]) >= target.commit) return;
    if (Date.now() > deadline) throw new Error(`projection did not reach ${target.commit} within ${ms} ms (at ${visible})`);
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
