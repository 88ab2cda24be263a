import fc from 'fast-check';
import { CountCandidate, DifferenceCheck, DifferenceCheckOptions, VERSIONS_PER_KEY } from './difference-check';
import { deriveSketchKey } from './member-hash';
import { compareSketches, MemberSketch, releaseThreshold, SKETCH_HARD_LIMIT, sketchOfMembers } from './member-sketch';

const KEY = deriveSketchKey('difference-check-test-key-0123456789abcdef');
const FLOOR = 10;
const DAY = 86_400_000;

/** The sketch the segment queries compute for a member list. */
function sketchOf(members: Iterable<number>): MemberSketch {
  return sketchOfMembers(KEY, [...new Set(members)]);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function setup(options: Partial<DifferenceCheckOptions> = {}) {
  let now = Date.parse('2026-11-20T12:00:00Z');
  const check = new DifferenceCheck({ floor: FLOOR, enabled: true, retentionMs: 30 * DAY, maxAnswers: 1000, ...options }, () => new Date(now));
  const ask = (tenant: string, key: string, members: Iterable<number>) => {
    const decision = check.decide(tenant, { action: 'segment.preview', expressionHash: key }, [{ name: 'size', key, sketch: sketchOf(members) }]);
    decision.confirm(`record-${key}`);
    return decision.verdicts[0];
  };
  return { check, ask, advance: (ms: number) => (now += ms) };
}

describe('compareSketches', () => {
  it('is exact for sets within the capacity: same, far and near by the size of the symmetric difference', () => {
    expect(compareSketches(sketchOf(range(1, 100)), sketchOf(range(1, 100)), FLOOR)).toBe('same');
    expect(compareSketches(sketchOf(range(1, 100)), sketchOf(range(1, 91)), FLOOR)).toBe('near');
    expect(compareSketches(sketchOf(range(1, 100)), sketchOf(range(1, 90)), FLOOR)).toBe('far');
    // Same size, 4 people swapped: the sets differ by 8.
    expect(compareSketches(sketchOf(range(1, 100)), sketchOf([...range(1, 96), ...range(201, 204)]), FLOOR)).toBe('near');
    // Same size, disjoint.
    expect(compareSketches(sketchOf(range(1, 100)), sketchOf(range(1001, 1100)), FLOOR)).toBe('far');
  });

  it('keeps at most SKETCH_HARD_LIMIT hashes whatever the size', () => {
    for (const n of [0, 1, 256, 257, 5_000, 100_000]) {
      const sketch = sketchOf(range(1, n));
      expect(sketch.size).toBe(n);
      expect(sketch.members.length).toBeLessThanOrEqual(SKETCH_HARD_LIMIT);
    }
  });

  it('needs more sampled differences than floor − 1 people would give with probability over 1e-6', () => {
    expect(releaseThreshold(FLOOR, 1)).toBeGreaterThan(4);
    expect(releaseThreshold(FLOOR, 1)).toBeLessThanOrEqual(FLOOR);
    expect(releaseThreshold(100, 12)).toBeGreaterThanOrEqual(2);
    // A floor of one hides nothing, so nothing is near.
    expect(compareSketches(sketchOf([1, 2]), sketchOf([1]), 1)).toBe('far');
  });

  it('tells large disjoint audiences of close sizes apart (dormant and churned)', () => {
    expect(compareSketches(sketchOf(range(1, 50_000)), sketchOf(range(50_001, 100_003)), FLOOR)).toBe('far');
  });

  it('calls large nested audiences 1 … floor−1 apart near, at any size', () => {
    for (const n of [300, 5_000, 80_000]) {
      for (const d of [1, FLOOR - 1]) expect([n, d, compareSketches(sketchOf(range(1, n)), sketchOf(range(1 + d, n)), FLOOR)]).toEqual([n, d, 'near']);
    }
  });
});

describe('DifferenceCheck', () => {
  it('withholds S AND NOT t after S when t ∧ S is under the floor, naming the earlier answer', () => {
    const { ask } = setup();
    expect(ask('fund_a', 'S', range(1, 1887))).toEqual({ released: true });
    const verdict = ask('fund_a', 'S-not-t', range(10, 1887));
    expect(verdict).toMatchObject({ released: false, refusal: { answer: 'size', reason: 'difference', checkedAgainst: { recordId: 'record-S', expressionHash: 'S', size: 1887 } } });
  });

  it('keeps answering the same key as its set changes, and remembers each changed version against other keys', () => {
    const { check, ask } = setup();
    expect(ask('fund_a', 'S', range(1, 500))).toEqual({ released: true });
    expect(ask('fund_a', 'S', range(1, 503))).toEqual({ released: true });
    expect(ask('fund_a', 'S', range(1, 503))).toEqual({ released: true });
    expect(check.remembered('fund_a')).toBe(2);
    // Near the first version only: still withheld.
    expect(ask('fund_a', 'T', range(1, 495))).toMatchObject({ released: false });
  });

  it('keeps at most VERSIONS_PER_KEY versions of a key', () => {
    const { check, ask } = setup();
    for (let i = 0; i < VERSIONS_PER_KEY + 3; i += 1) ask('fund_a', 'S', range(1, 500 + i));
    expect(check.remembered('fund_a')).toBe(VERSIONS_PER_KEY);
  });

  it('treats the same expression at another asOf (another key) as any other answer', () => {
    const { ask } = setup();
    ask('fund_a', 'viewed[7d]@11-20', range(1, 400));
    expect(ask('fund_a', 'viewed[7d]@11-18', range(1, 404))).toMatchObject({ released: false });
  });

  it('keeps tenants apart', () => {
    const { ask } = setup();
    ask('fund_a', 'S', range(1, 500));
    expect(ask('fund_b', 'S-not-t', range(5, 500))).toEqual({ released: true });
  });

  it('checks the numbers of one answer against each other, in order (overlap cells)', () => {
    const { check } = setup();
    const candidates: CountCandidate[] = [
      { name: 'a', key: 'a', sketch: sketchOf(range(1, 300)) },
      { name: 'b', key: 'b', sketch: sketchOf(range(1, 1000)) },
      { name: 'both', key: 'both', sketch: sketchOf(range(1, 295)) },
    ];
    const decision = check.decide('fund_a', { action: 'segment.overlap' }, candidates);
    expect(decision.verdicts.map((v) => v.released)).toEqual([true, true, false]);
    expect(decision.refusals).toEqual([expect.objectContaining({ answer: 'both', checkedAgainst: expect.objectContaining({ answer: 'a', recordId: null }) })]);
  });

  it('forgets an answer that was not sent (its audit record failed)', () => {
    const { check } = setup();
    const decision = check.decide('fund_a', { action: 'segment.preview' }, [{ name: 'size', key: 'S', sketch: sketchOf(range(1, 500)) }]);
    decision.cancel();
    expect(check.remembered('fund_a')).toBe(0);
  });

  it('forgets answers after the retention and past the cap, oldest first', () => {
    const { check, ask, advance } = setup({ retentionMs: 2 * DAY, maxAnswers: 100 });
    ask('fund_a', 'S', range(1, 500));
    advance(3 * DAY);
    expect(ask('fund_a', 'S-not-t', range(5, 500))).toEqual({ released: true });
    for (let i = 0; i < 150; i += 1) ask('fund_a', `k${i}`, range(10_000 * (i + 1), 10_000 * (i + 1) + 200));
    expect(check.remembered('fund_a')).toBe(100);
  });

  it('releases everything and remembers nothing when off', () => {
    const { check, ask } = setup({ enabled: false });
    ask('fund_a', 'S', range(1, 500));
    expect(ask('fund_a', 'S-not-t', range(5, 500))).toEqual({ released: true });
    expect(check.remembered('fund_a')).toBe(0);
  });

  it('never releases two numbers of nested groups 1 … floor−1 apart (random populations, random nested pairs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 60 })), { minLength: 2, maxLength: 8 }),
        (population, draws) => {
          const { ask } = setup();
          const people = range(1, population);
          // Random groups, each nested in the first or in the one before it: drop a random slice of `dropped` people.
          const groups: number[][] = [people];
          for (const [seed, parent, dropped] of draws) {
            const base = groups[Math.min(parent, groups.length - 1)];
            const start = seed % Math.max(1, base.length);
            groups.push(base.filter((_, i) => i < start || i >= start + dropped));
          }
          const released: number[][] = [];
          groups.forEach((group, i) => {
            if (group.length < FLOOR) return;
            if (ask('fund_a', `g${i}`, group).released) released.push(group);
          });
          for (const x of released) {
            for (const y of released) {
              const ys = new Set(y);
              const nested = x.every((u) => ys.has(u));
              const d = y.length - x.length;
              if (nested) expect(d >= 1 && d < FLOOR).toBe(false);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
