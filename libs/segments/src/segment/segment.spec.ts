import { ConflictError, NotFoundError } from '@tagstream/common';
import { decide, evolve, SegmentCommand, SegmentState } from './segment';
import { SegmentEvent } from './segment.events';

const NOW = new Date('2026-11-20T12:00:00Z');
const ID = '7d3c9a7e-0d5b-4b8e-9f0e-3f1c2a4b5c6d';
const created: SegmentEvent = {
  type: 'SegmentCreated',
  data: {
    segmentId: ID,
    tenant: 'acme',
    name: 'gold',
    description: null,
    expression: { tag: 'holder:gold' },
    expressionHash: 'h1',
    version: 1,
    by: 'm1',
    at: '2026-11-19T00:00:00.000Z',
  },
};

function given(...events: SegmentEvent[]): SegmentState {
  return events.reduce<SegmentState>(evolve, undefined);
}

const redefine = (extra: Partial<Extract<SegmentCommand, { kind: 'redefine' }>> = {}): SegmentCommand => ({
  kind: 'redefine',
  segmentId: ID,
  tenant: 'acme',
  expression: { tag: 'risk:C3' },
  expressionHash: 'h2',
  by: 'm2',
  ...extra,
});

describe('segment decisions', () => {
  it('creates version 1 of a new segment', () => {
    const events = decide(
      { kind: 'create', segmentId: ID, tenant: 'acme', name: 'gold', description: null, expression: { tag: 'holder:gold' }, expressionHash: 'h1', by: 'm1' },
      given(),
      NOW,
    );
    expect(events).toEqual([{ type: 'SegmentCreated', data: expect.objectContaining({ version: 1, tenant: 'acme', at: NOW.toISOString() }) }]);
  });

  it('refuses to create a segment twice', () => {
    expect(() =>
      decide({ kind: 'create', segmentId: ID, tenant: 'acme', name: 'x', description: null, expression: { tag: 'a' }, expressionHash: 'h', by: 'm' }, given(created), NOW),
    ).toThrow(ConflictError);
  });

  it('redefines as the next version, keeping the name, and keeps every version', () => {
    const events = decide(redefine(), given(created), NOW);
    expect(events).toEqual([{ type: 'SegmentRedefined', data: expect.objectContaining({ version: 2, name: 'gold', expression: { tag: 'risk:C3' } }) }]);
    const state = given(created, ...events);
    expect(state?.versions.map((v) => [v.version, v.expressionHash])).toEqual([
      [1, 'h1'],
      [2, 'h2'],
    ]);
  });

  it('refuses a redefinition based on a version that is no longer current', () => {
    const v2 = decide(redefine(), given(created), NOW);
    expect(() => decide(redefine({ expectedVersion: 1 }), given(created, ...v2), NOW)).toThrow(ConflictError);
  });

  it("answers another tenant's segment exactly like a missing one", () => {
    const other = () => decide(redefine({ tenant: 'beta-funds' }), given(created), NOW);
    const missing = () => decide(redefine(), given(), NOW);
    expect(other).toThrow(NotFoundError);
    expect(missing).toThrow(NotFoundError);
    expect(() => decide({ kind: 'archive', segmentId: ID, tenant: 'beta-funds', by: 'x' }, given(created), NOW)).toThrow(NotFoundError);
  });

  it('archives once; an archived segment cannot be redefined', () => {
    const archived = decide({ kind: 'archive', segmentId: ID, tenant: 'acme', by: 'm1' }, given(created), NOW);
    expect(archived).toEqual([{ type: 'SegmentArchived', data: { segmentId: ID, tenant: 'acme', by: 'm1', at: NOW.toISOString() } }]);
    const state = given(created, ...archived);
    expect(state?.archived).toEqual({ by: 'm1', at: NOW.toISOString() });
    expect(() => decide(redefine(), state, NOW)).toThrow(ConflictError);
    expect(() => decide({ kind: 'archive', segmentId: ID, tenant: 'acme', by: 'm1' }, state, NOW)).toThrow(ConflictError);
  });
});
