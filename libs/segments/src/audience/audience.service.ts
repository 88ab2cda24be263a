import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@tagstream/auth';
import { Clock } from '@tagstream/common';
import { CountCandidate, DisclosureService, MemberSketch, ReleasedCount } from '@tagstream/compliance';
import { CompiledExpression } from '../compiler/compile-expression';
import { SketchParams } from '../compiler/segment-queries';
import { Expr, parseAsOf } from '../expression';
import { LabelFreshness, LABEL_FRESHNESS, LabelFreshnessSource } from '../labels/label-freshness';
import { answerKey, LabelQueries, sketchParamsOf } from '../labels/label-queries';
import { SEGMENTS_CLOCK } from '../segments.tokens';
import { ExpressionReader } from './expression-reader';

export interface FlooredSize {
  readonly size: number | null;
  readonly belowFloor: boolean;
  /** `difference`: withheld because the people counted differ from an earlier answer's by 1 … floor−1. */
  readonly reason?: 'difference';
}

/** A definition an audience answer is about: a stored segment's version, or an expression given inline. */
export interface AudienceSubject {
  readonly expression: Expr;
  readonly segmentId?: string;
  readonly definitionVersion?: number;
}

export interface TagShare {
  readonly tag: string;
  readonly share: number | null;
  readonly belowFloor: boolean;
  readonly reason?: 'difference';
}

/**
 * Sizes, insights and overlaps. Every number passes `DisclosureService` (the
 * floor) and is audited before it is returned; every answer says how fresh
 * the labels were.
 */
@Injectable()
export class AudienceService {
  constructor(
    private readonly reader: ExpressionReader,
    private readonly labels: LabelQueries,
    private readonly disclosure: DisclosureService,
    @Inject(LABEL_FRESHNESS) private readonly freshness: LabelFreshnessSource,
    @Inject(SEGMENTS_CLOCK) private readonly clock: Clock,
  ) {}

  asOf(value: unknown): Date {
    return parseAsOf(value, this.clock);
  }

  async size(
    principal: Principal,
    action: 'segment.preview' | 'segment.size',
    subject: AudienceSubject,
    asOf: Date,
  ): Promise<FlooredSize & { asOf: string; freshness: LabelFreshness }> {
    const [freshness] = await Promise.all([this.freshness.current(), this.reader.refreshErasures()]);
    const compiled = this.reader.compile(subject.expression, asOf);
    const about = this.about(principal, action, subject);
    const release = this.disclosure.releaseCounts(principal, about, [await this.candidate('size', compiled)]);
    const released = toFlooredSize(release.counts[0]);
    await this.disclosure.auditRelease({ ...about, numbers: { size: released.size } }, release);
    return { ...released, asOf: asOf.toISOString(), freshness };
  }

  /** Share of each state tag the caller may see, among the segment's members. */
  async insights(principal: Principal, subject: AudienceSubject, asOf: Date) {
    const [freshness] = await Promise.all([this.freshness.current(), this.reader.refreshErasures()]);
    const compiled = this.reader.compile(subject.expression, asOf);
    const tags = this.reader.catalog
      .list(principal)
      .filter((tag) => tag.kind === 'state' && tag.concrete)
      .map((tag) => tag.name);
    const key = answerKey(compiled);
    const [own, parts] = this.checking
      ? await Promise.all([this.labels.sizeSketch(compiled, this.sketchParams), this.labels.tagShareSketches(compiled, tags, this.sketchParams)])
      : await Promise.all([this.labels.size(compiled).then(sizeOnly), this.labels.tagShares(compiled, tags).then((m) => mapValues(m, sizeOnly))]);
    const about = this.about(principal, 'segment.insights', subject);
    // The whole first: a share is a count of the members carrying the tag, compared with the whole and with earlier
    // answers. Shares of a withheld whole are not shown, so they are not checked (nor remembered) either.
    const whole = this.disclosure.releaseCounts(principal, about, [{ name: 'size', key, sketch: own }]);
    const released = toFlooredSize(whole.counts[0]);
    const partCandidates = tags.map((tag): CountCandidate => ({ name: `share:${tag}`, key: `${key}|${tag}`, sketch: parts.get(tag) ?? sizeOnly(0) }));
    const release = this.disclosure.combineReleases(whole, this.disclosure.releaseCounts(principal, about, released.size === null ? [] : partCandidates));
    const shares: TagShare[] = tags.map((tag, i) => {
      const part = release.counts[i + 1];
      if (released.size === null) return { tag, share: null, belowFloor: true, ...(released.reason ? { reason: released.reason } : {}) };
      if (part.reason) return { tag, share: null, belowFloor: true, reason: part.reason };
      const share = this.disclosure.share(parts.get(tag)?.size ?? 0, own.size);
      return { tag, share: share.value, belowFloor: share.belowFloor };
    });
    const numbers = Object.fromEntries([['size', released.size], ...shares.map((s): [string, number | null] => [`share:${s.tag}`, s.share])]);
    await this.disclosure.auditRelease({ ...about, numbers }, release);
    return { ...released, asOf: asOf.toISOString(), tags: shares, freshness };
  }

  async overlap(principal: Principal, a: AudienceSubject, b: AudienceSubject, asOf: Date) {
    const [freshness] = await Promise.all([this.freshness.current(), this.reader.refreshErasures()]);
    const both: Expr = { and: [a.expression, b.expression] };
    // Three answers whose sets are nested (both ⊆ a, both ⊆ b): each is checked against the ones before it.
    const candidates = await Promise.all(
      (['a', 'b', 'both'] as const).map((name, i) => this.candidate(name, this.reader.compile([a.expression, b.expression, both][i], asOf))),
    );
    const about = {
      principal: auditPrincipal(principal),
      action: 'segment.overlap',
      expressionHash: this.reader.hash(both),
      ...(a.segmentId ? { segmentId: a.segmentId, definitionVersion: a.definitionVersion } : {}),
    };
    const release = this.disclosure.releaseCounts(principal, about, candidates);
    const [cellA, cellB, cellBoth] = release.counts.map(toFlooredSize);
    const answer = { a: cellA, b: cellB, both: cellBoth };
    await this.disclosure.auditRelease({ ...about, numbers: { a: answer.a.size, b: answer.b.size, both: answer.both.size } }, release);
    return { ...answer, asOf: asOf.toISOString(), freshness };
  }

  /** Whether answers are sketched for the difference check; off, sizes are read as before. */
  private get checking(): boolean {
    return this.disclosure.differences.enabled;
  }

  private get sketchParams(): SketchParams {
    return sketchParamsOf(this.disclosure.sketchKey);
  }

  /** One number of an answer with the member set behind it, read in the same query as the size. */
  private async candidate(name: string, compiled: CompiledExpression): Promise<CountCandidate> {
    const sketch = this.checking ? await this.labels.sizeSketch(compiled, this.sketchParams) : sizeOnly(await this.labels.size(compiled));
    return { name, key: answerKey(compiled), sketch };
  }

  private about(principal: Principal, action: string, subject: AudienceSubject) {
    return {
      principal: auditPrincipal(principal),
      action,
      expressionHash: this.reader.hash(subject.expression),
      ...(subject.segmentId ? { segmentId: subject.segmentId, definitionVersion: subject.definitionVersion } : {}),
    };
  }
}

/** A size without a sketch, for when the difference check is off (it then releases every number the floor lets through). */
export function sizeOnly(size: number): MemberSketch {
  return { size, level: 0, members: new Uint32Array(0), offsetHashes: new Uint32Array(0), memberHashes: new Uint32Array(0) };
}

function mapValues<K, A, B>(map: Map<K, A>, f: (a: A) => B): Map<K, B> {
  return new Map([...map].map(([k, v]) => [k, f(v)]));
}

export function toFlooredSize(count: ReleasedCount): FlooredSize {
  return { size: count.value, belowFloor: count.belowFloor, ...(count.reason ? { reason: count.reason } : {}) };
}

export function auditPrincipal(principal: Principal): { sub: string; role: string; tenant?: string } {
  return { sub: principal.sub, role: principal.role, ...(principal.tenant ? { tenant: principal.tenant } : {}) };
}
