import { compareSketches, MemberSketch } from './member-sketch';

/** One number an answer is about to release, with the member set behind it. */
export interface CountCandidate {
  /** Which number of the answer it is: `size`, `a`, `both`, `share:holder:gold`, a tag name. */
  readonly name: string;
  /**
   * What the number counts, as data stands: equal keys are the same question
   * asked again (same compiled expression, same windows), whose set may only
   * differ by what arrived since. Different keys are compared.
   */
  readonly key: string;
  readonly sketch: MemberSketch;
}

/** The answer a refused number was checked against, as the auditor sees it. */
export interface EarlierAnswer {
  /** The audit record that released it; null while that record is still being written. */
  readonly recordId: string | null;
  readonly action: string;
  readonly expressionHash: string | null;
  readonly answer: string;
  readonly size: number;
  readonly at: string;
}

export interface Refusal {
  readonly answer: string;
  readonly reason: 'difference';
  readonly checkedAgainst: EarlierAnswer;
}

export type Verdict = { readonly released: true } | { readonly released: false; readonly refusal: Refusal };

export interface DifferenceCheckOptions {
  readonly floor: number;
  readonly enabled: boolean;
  /** How long a released answer is remembered. */
  readonly retentionMs: number;
  /** Answers remembered per tenant; past it the oldest are forgotten first. */
  readonly maxAnswers: number;
}

/** Versions of one key kept: a live size asked again as data arrives adds a version only when its set changed. */
export const VERSIONS_PER_KEY = 4;

interface Entry {
  readonly key: string;
  readonly answer: string;
  readonly sketch: MemberSketch;
  readonly action: string;
  readonly expressionHash: string | null;
  at: number;
  recordId: string | null;
}

/** What one answer's numbers got; `confirm` once its audit record is written, `cancel` if it is not sent. */
export class DifferenceDecision {
  constructor(
    readonly verdicts: readonly Verdict[],
    private readonly added: readonly Entry[],
    private readonly memory: TenantMemory | undefined,
  ) {}

  /** Two decisions of one answer, as one: its record carries the refusals of both and binds what both released. */
  static both(a: DifferenceDecision, b: DifferenceDecision): DifferenceDecision {
    return new DifferenceDecision([...a.verdicts, ...b.verdicts], [...a.added, ...b.added], a.memory ?? b.memory);
  }

  get refusals(): Refusal[] {
    return this.verdicts.flatMap((v) => (v.released ? [] : [v.refusal]));
  }

  confirm(recordId: string): void {
    for (const entry of this.added) entry.recordId = recordId;
  }

  cancel(): void {
    for (const entry of this.added) this.memory?.remove(entry);
  }
}

/**
 * Remembers, per tenant, the member sets (as sketches) behind the numbers it
 * was given, and withholds a new number whose set differs from a remembered
 * one by 1 … floor−1 people. Pure and synchronous: a decision and the
 * remembering of what it releases happen in one turn of the event loop, so
 * two concurrent requests cannot both pass against a memory missing the other.
 */
export class DifferenceCheck {
  private readonly tenants = new Map<string, TenantMemory>();

  constructor(
    private readonly options: DifferenceCheckOptions,
    private readonly now: () => Date,
  ) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  decide(tenant: string, about: { action: string; expressionHash?: string | null }, candidates: readonly CountCandidate[]): DifferenceDecision {
    if (!this.options.enabled) return new DifferenceDecision(candidates.map(() => ({ released: true })), [], undefined);
    const now = this.now().getTime();
    let memory = this.tenants.get(tenant);
    if (!memory) {
      memory = new TenantMemory(this.options);
      this.tenants.set(tenant, memory);
    }
    memory.forgetBefore(now - this.options.retentionMs);
    const added: Entry[] = [];
    const verdicts = candidates.map((candidate): Verdict => {
      const earlier = memory.nearest(candidate, this.options.floor);
      if (earlier) return { released: false, refusal: { answer: candidate.name, reason: 'difference', checkedAgainst: describe(earlier) } };
      const entry = memory.remember(candidate, about, now);
      if (entry) added.push(entry);
      return { released: true };
    });
    return new DifferenceDecision(verdicts, added, memory);
  }

  /** Answers remembered for a tenant (for tests and metrics). */
  remembered(tenant: string): number {
    return this.tenants.get(tenant)?.count ?? 0;
  }
}

function describe(entry: Entry): EarlierAnswer {
  return {
    recordId: entry.recordId,
    action: entry.action,
    expressionHash: entry.expressionHash,
    answer: entry.answer,
    size: entry.sketch.size,
    at: new Date(entry.at).toISOString(),
  };
}

/** One tenant's remembered answers, ordered by size so a check only reads those within floor−1 of the new one. */
class TenantMemory {
  private readonly bySize: Entry[] = [];
  private readonly byKey = new Map<string, Entry[]>();
  private oldest = Infinity;

  constructor(private readonly options: DifferenceCheckOptions) {}

  get count(): number {
    return this.bySize.length;
  }

  /** A remembered answer of another key whose set may differ from the candidate's by 1 … floor−1. */
  nearest(candidate: CountCandidate, floor: number): Entry | undefined {
    const size = candidate.sketch.size;
    for (let i = this.lowerBound(size - floor + 1); i < this.bySize.length && this.bySize[i].sketch.size < size + floor; i += 1) {
      const entry = this.bySize[i];
      if (entry.key !== candidate.key && compareSketches(candidate.sketch, entry.sketch, floor) === 'near') return entry;
    }
    return undefined;
  }

  /** Remembers a released number; undefined when the same key already holds the same set (only its time moves). */
  remember(candidate: CountCandidate, about: { action: string; expressionHash?: string | null }, now: number): Entry | undefined {
    const versions = this.byKey.get(candidate.key) ?? [];
    const same = versions.find((v) => compareSketches(candidate.sketch, v.sketch, 1) === 'same');
    if (same) {
      same.at = now;
      return undefined;
    }
    const entry: Entry = {
      key: candidate.key,
      answer: candidate.name,
      sketch: candidate.sketch,
      action: about.action,
      expressionHash: about.expressionHash ?? null,
      at: now,
      recordId: null,
    };
    versions.push(entry);
    this.byKey.set(candidate.key, versions);
    this.bySize.splice(this.lowerBound(entry.sketch.size), 0, entry);
    this.oldest = Math.min(this.oldest, now);
    if (versions.length > VERSIONS_PER_KEY) this.remove(versions[0]);
    while (this.bySize.length > this.options.maxAnswers) this.remove(this.oldestEntry());
    return entry;
  }

  remove(entry: Entry): void {
    const i = this.bySize.indexOf(entry);
    if (i >= 0) this.bySize.splice(i, 1);
    const versions = this.byKey.get(entry.key);
    if (!versions) return;
    const left = versions.filter((v) => v !== entry);
    if (left.length === 0) this.byKey.delete(entry.key);
    else this.byKey.set(entry.key, left);
  }

  forgetBefore(cutoff: number): void {
    if (this.oldest >= cutoff) return;
    for (const entry of this.bySize.filter((e) => e.at < cutoff)) this.remove(entry);
    this.oldest = this.bySize.reduce((min, e) => Math.min(min, e.at), Infinity);
  }

  private oldestEntry(): Entry {
    return this.bySize.reduce((min, e) => (e.at < min.at ? e : min));
  }

  /** First index whose size is at least `size`. */
  private lowerBound(size: number): number {
    let lo = 0;
    let hi = this.bySize.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.bySize[mid].sketch.size < size) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
