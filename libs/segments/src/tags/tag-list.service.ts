import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@tagstream/auth';
import { CountCandidate, DisclosureService, ErasureRegistry, MemberSketch } from '@tagstream/compliance';
import { utcDayOf } from '../expression';
import { LineageEntry, TagCatalog } from '@tagstream/tagging';
import { auditPrincipal, sizeOnly } from '../audience/audience.service';
import { LabelFreshness, LABEL_FRESHNESS, LabelFreshnessSource } from '../labels/label-freshness';
import { LabelQueries, sketchParamsOf } from '../labels/label-queries';

export interface TagView {
  readonly name: string;
  readonly kind: 'state' | 'activity';
  /** False for a family whose name keeps an open parameter (`inst:<institutionId>:holder` for the platform's roles). */
  readonly concrete: boolean;
  readonly description: string;
  readonly lineage: readonly LineageEntry[];
  /** Users in the universe (consent applied) with the tag now (state) or in the last 30 days (activity); floored; null for a family. */
  readonly count: number | null;
  readonly belowFloor: boolean;
  /** `difference`: withheld because these people differ from an earlier answer's by 1 … floor−1. */
  readonly reason?: 'difference';
}

/** `GET /v1/tags`: the taxonomy the caller may see, with current counts through the floor. */
@Injectable()
export class TagListService {
  constructor(
    private readonly catalog: TagCatalog,
    private readonly labels: LabelQueries,
    private readonly disclosure: DisclosureService,
    @Inject(LABEL_FRESHNESS) private readonly freshness: LabelFreshnessSource,
    private readonly erasures: ErasureRegistry,
  ) {}

  async list(principal: Principal, asOf: Date): Promise<{ tags: TagView[]; asOf: string; freshness: LabelFreshness }> {
    const [freshness] = await Promise.all([this.freshness.current(), this.erasures.refresh()]);
    const visible = this.catalog.list(principal);
    const concrete = (kind: string) => visible.filter((tag) => tag.concrete && tag.kind === kind).map((tag) => tag.name);
    const counts = await this.counts(principal, concrete('state'), concrete('activity'), asOf);
    const counted = visible.filter((tag) => tag.concrete);
    // A tag count is a number about a set like any size: a tenant's are checked against its earlier answers.
    const day = utcDayOf(asOf);
    const release = this.disclosure.releaseCounts(
      principal,
      { action: 'tags.list' },
      counted.map((tag): CountCandidate => ({
        name: tag.name,
        key: tag.kind === 'state' ? `tag:${tag.name}` : `tag:${tag.name}:30d:${day}`,
        sketch: counts.get(tag.name) ?? sizeOnly(0),
      })),
    );
    const released = new Map(counted.map((tag, i) => [tag.name, release.counts[i]]));
    const tags = visible.map((tag): TagView => {
      const floored = released.get(tag.name) ?? { value: null, belowFloor: false };
      return {
        name: tag.name,
        kind: tag.kind,
        concrete: tag.concrete,
        description: tag.definition.description,
        lineage: tag.definition.lineage,
        count: floored.value,
        belowFloor: floored.belowFloor,
        ...('reason' in floored && floored.reason ? { reason: floored.reason } : {}),
      };
    });
    await this.disclosure.auditRelease(
      {
        principal: auditPrincipal(principal),
        action: 'tags.list',
        numbers: Object.fromEntries(tags.filter((tag) => tag.concrete).map((tag) => [tag.name, tag.count])),
      },
      release,
    );
    return { tags, asOf: asOf.toISOString(), freshness };
  }

  /** Counts with the sketch of each tag's people for a tenant (the difference check needs them); counts alone for the platform's roles. */
  private async counts(principal: Principal, state: string[], activity: string[], asOf: Date): Promise<Map<string, MemberSketch>> {
    // People whose erasure is recorded but not finished are left out of every count.
    const excluded = this.erasures.pendingSurrogates();
    if (principal.tenant && this.disclosure.differences.enabled) {
      return this.labels.tagCountSketches(state, activity, asOf, sketchParamsOf(this.disclosure.sketchKey), excluded);
    }
    const counts = await this.labels.tagCounts(state, activity, asOf, excluded);
    return new Map([...counts].map(([tag, n]) => [tag, sizeOnly(n)]));
  }
}
