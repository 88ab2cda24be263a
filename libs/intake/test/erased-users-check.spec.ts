import { ValidationFailedError } from '@tagstream/common';
import { DomainEvent } from '@tagstream/events';
import { ErasedUsers } from '@tagstream/intake';
import { ErasedUsersCheck } from '../src/erased-users';

const event = (userId: string) => ({ eventId: `${userId}-e`, userId, type: 'QuestionAsked', occurredAt: '2026-11-20T08:00:00Z', data: { topic: 'fees' } }) as unknown as DomainEvent;

/** Erasures "recorded elsewhere": visible only after the next refresh. */
class Registry implements ErasedUsers {
  refreshes = 0;
  private readonly recorded = new Set<string>();
  private readonly visible = new Set<string>();
  erase(userId: string): void {
    this.recorded.add(userId);
  }
  async refresh(): Promise<void> {
    this.refreshes++;
    for (const id of this.recorded) this.visible.add(id);
  }
  isErased(userId: string): boolean {
    return this.visible.has(userId);
  }
}

describe('ErasedUsersCheck', () => {
  it('names every event of an erased person by index and path', async () => {
    const registry = new Registry();
    registry.erase('gone');
    const check = new ErasedUsersCheck(registry, () => 0);
    const refused = await check.refuse([event('a'), event('gone'), event('b'), event('gone')]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationFailedError);
    expect((refused as ValidationFailedError).problems).toEqual([
      expect.objectContaining({ index: 1, path: 'events[1].userId', rule: 'erased' }),
      expect.objectContaining({ index: 3, path: 'events[3].userId', rule: 'erased' }),
    ]);
    await expect(check.refuse([event('a'), event('b')])).resolves.toBeUndefined();
  });

  it('reads new erasures at most once a second', async () => {
    const registry = new Registry();
    let now = 0;
    const check = new ErasedUsersCheck(registry, () => now);
    await check.refuse([event('a')]);
    registry.erase('a');
    now = 999;
    await expect(check.refuse([event('a')])).resolves.toBeUndefined();
    expect(registry.refreshes).toBe(1);
    now = 1_000;
    await expect(check.refuse([event('a')])).rejects.toBeInstanceOf(ValidationFailedError);
    expect(registry.refreshes).toBe(2);
  });
});
