import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '@tagstream/eventstore';
import { startTestEventStore, TestEventStore } from '@tagstream/testing';
import { decide } from './segment';
import { SegmentRepository } from './segment.repository';

describe('SegmentRepository on the event store', () => {
  let es: TestEventStore;

  beforeAll(async () => {
    es = await startTestEventStore();
  });

  afterAll(async () => {
    await es.stop();
  });

  it('lets only one of two writers that read the same revision append', async () => {
    const repository = new SegmentRepository(es.store);
    const segmentId = randomUUID();
    const now = new Date('2026-11-20T12:00:00Z');
    const created = decide(
      { kind: 'create', segmentId, tenant: 'acme', name: 'n', description: null, expression: { tag: 'risk:C3' }, expressionHash: 'h1', by: 'm' },
      undefined,
      now,
    );
    await repository.append(segmentId, created, 'no_stream');
    const [first, second] = await Promise.all([repository.load(segmentId), repository.load(segmentId)]);
    const redefine = (tag: string) =>
      decide({ kind: 'redefine', segmentId, tenant: 'acme', expression: { tag }, expressionHash: tag, by: 'm' }, first.state, now);
    await repository.append(segmentId, redefine('risk:C5'), first.revision);
    await expect(repository.append(segmentId, redefine('risk:C1'), second.revision)).rejects.toBeInstanceOf(ConcurrencyError);
    const loaded = await repository.load(segmentId);
    expect(loaded.state?.versions.map((v) => v.expression)).toEqual([{ tag: 'risk:C3' }, { tag: 'risk:C5' }]);
    expect(loaded.revision).toBe(1n);
  });
});
