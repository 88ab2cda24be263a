import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@tagstream/auth';
import { Clock } from '@tagstream/common';
import { DisclosureService } from '@tagstream/compliance';
import { Expr, parseAsOf } from '../expression';
import { LabelFreshness, LABEL_FRESHNESS, LabelFreshnessSource } from '../labels/label-freshness';
import { LabelQueries } from '../labels/label-queries';
import { SEGMENTS_CLOCK } from '../segments.tokens';
import { ExpressionReader } from './expression-reader';

export interface FlooredSize {
  readonly size: number | null;
  readonly belowFloor: boolean;
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
    const released = this.release(await this.labels.size(this.reader.compile(subject.expression, asOf)));
    await this.disclosure.audit({ ...this.about(principal, action, subject), numbers: { size: released.size } });
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
    const [size, counts] = await Promise.all([this.labels.size(compiled), this.labels.tagShares(compiled, tags)]);
    const released = this.release(size);
    const shares: TagShare[] = tags.map((tag) => {
      const share = this.disclosure.share(counts.get(tag) ?? 0, size);
      return { tag, share: share.value, belowFloor: share.belowFloor };
    });
    const numbers = Object.fromEntries([['size', released.size], ...shares.map((s): [string, number | null] => [`share:${s.tag}`, s.share])]);
    await this.disclosure.audit({ ...this.about(principal, 'segment.insights', subject), numbers });
    return { ...released, asOf: asOf.toISOString(), tags: shares, freshness };
  }

  async overlap(principal: Principal, a: AudienceSubject, b: AudienceSubject, asOf: Date) {
    const [freshness] = await Promise.all([this.freshness.current(), this.reader.refreshErasures()]);
    const both: Expr = { and: [a.expression, b.expression] };
    const [sizeA, sizeB, sizeBoth] = await Promise.all(
      [a.expression, b.expression, both].map((expr) => this.labels.size(this.reader.compile(expr, asOf))),
    );
    const answer = { a: this.release(sizeA), b: this.release(sizeB), both: this.release(sizeBoth) };
    await this.disclosure.audit({
      principal: auditPrincipal(principal),
      action: 'segment.overlap',
      expressionHash: this.reader.hash(both),
      ...(a.segmentId ? { segmentId: a.segmentId, definitionVersion: a.definitionVersion } : {}),
      numbers: { a: answer.a.size, b: answer.b.size, both: answer.both.size },
    });
    return { ...answer, asOf: asOf.toISOString(), freshness };
  }

  private release(n: number): FlooredSize {
    const floored = this.disclosure.count(n);
    return { size: floored.value, belowFloor: floored.belowFloor };
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

export function auditPrincipal(principal: Principal): { sub: string; role: string; tenant?: string } {
  return { sub: principal.sub, role: principal.role, ...(principal.tenant ? { tenant: principal.tenant } : {}) };
}
