import { DomainEvent } from '@tagstream/events';
import { generateUserHistories } from '@tagstream/seed';
import { MemoryLog } from './in-memory-ports';

/** Generated users interleaved by time, as `$all` would hold them (each user's own order kept). */
export function generatedLog(users: number, days: number, seed = 7): MemoryLog {
  const histories = [...generateUserHistories({ users, days, seed, now: new Date('2026-11-20T00:00:00Z') })];
  const all: DomainEvent[] = histories.flat();
  const at = new Map(all.map((event) => [event, Date.parse(event.occurredAt)]));
  all.sort((a, b) => at.get(a)! - at.get(b)!);
  const log = new MemoryLog();
  for (const event of all) log.append(event);
  return log;
}
