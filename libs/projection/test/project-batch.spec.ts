import { DomainEvent } from '@tagstream/events';
import { newProjectedUser, prepareBatch, ProjectedUser, projectBatch, SourceEvent, UserEvent } from '@tagstream/projection';
import { MemoryLog } from './in-memory-ports';

const subscribed = (eventId: string, fundCode = '000001'): DomainEvent =>
  ({ eventId, type: 'FundSubscribed', userId: 'u-1', occurredAt: '2026-11-20T01:00:00Z', data: { fundCode, category: 'gold', institutionId: 'acme', amount: '10.00', currency: 'CNY' } }) as DomainEvent;

function run(events: SourceEvent[], users = new Map<number, ProjectedUser>([[1, newProjectedUser(1)]])) {
  const userEvents: UserEvent[] = events.map((event) => ({ ...event, userId: 'u-1', surrogate: 1 }));
  const prepared = prepareBatch(userEvents, users);
  return { out: projectBatch(prepared, users, new Map()), users };
}

describe('projectBatch', () => {
  it('a duplicated append (same event id later in $all) changes no label and no count', () => {
    const log = new MemoryLog();
    const first = log.append(subscribed('e1'));
    const again = log.append(subscribed('e1'));
    const { out } = run([first, again]);
    expect(out.stats).toEqual({ applied: 1, replayed: 0, duplicates: 1, deadLettered: 0 });
    expect(out.activity.map((row) => [row.tag, row.count])).toEqual([
      ['active', 1],
      ['inst:acme:engaged', 1],
    ]);
  });

  it('redelivered events at or before the user position are skipped, in a later batch too', () => {
    const log = new MemoryLog();
    const events = [log.append(subscribed('e1')), log.append(subscribed('e2', '000002'))];
    const { users } = run(events);
    const { out } = run(events, users);
    expect(out.stats.replayed).toBe(2);
    expect(out.activity).toEqual([]);
    expect(out.users).toEqual([]);
  });

  it('an event no rule can handle is dead-lettered with its reason, and the batch goes on', () => {
    const log = new MemoryLog();
    const bad = log.append(subscribed('e1'), { data: { fundCode: '000001', category: 'silver', institutionId: 'acme' } });
    const good = log.append(subscribed('e2'));
    const { out } = run([bad, good]);
    expect(out.deadLetters).toEqual([expect.objectContaining({ eventId: 'e1', field: 'data.category', reason: expect.stringContaining('must be one of') })]);
    expect(out.stats.applied).toBe(1);
    expect(out.users[0].state_tags).toEqual(['holder:gold', 'inst:acme:holder']);
  });

  it('writes activity as running totals and membership changes with the reserved universe tag', () => {
    const log = new MemoryLog();
    const { out } = run([log.append(subscribed('e1')), log.append(subscribed('e2'))]);
    expect(out.activity.find((row) => row.tag === 'active')).toMatchObject({ count: 2, day: '2026-11-20', commit_position: '200' });
    expect(out.stateTags.map((row) => [row.tag, row.present]).sort()).toEqual([
      ['holder:gold', 1],
      ['inst:acme:holder', 1],
      ['~universe', 1],
    ]);
  });
});
