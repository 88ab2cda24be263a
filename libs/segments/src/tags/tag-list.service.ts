import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@tagstream/auth';
import { DisclosureService, ErasureRegistry } from '@tagstream/compliance';
import { LineageEntry, TagCatalog } from '@tagstream/tagging';
import { auditPrincipal } from '../audience/audience.service';
import { LabelFreshness, LABEL_FRESHNESS, LabelFreshnessSource } from '../labels/label-freshness';
import { LabelQueries } from '../labels/label-queries';

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
    const counts = await this.labels.tagCounts(concrete('state'), concrete('activity'), asOf, this.erasures.pendingSurrogates());
    const tags = visible.map((tag): TagView => {
      const floored = tag.concrete ? this.disclosure.count(counts.get(tag.name) ?? 0) : { value: null, belowFloor: false };
      return {
        name: tag.name,
        kind: tag.kind,
        concrete: tag.concrete,
        description: tag.definition.description,
        lineage: tag.definition.lineage,
        count: floored.value,
        belowFloor: floored.belowFloor,
      };
    });
    await this.disclosure.audit({
      principal: auditPrincipal(principal),
      action: 'tags.list',
      numbers: Object.fromEntries(tags.filter((tag) => tag.concrete).map((tag) => [tag.name, tag.count])),
    });
    return { tags, asOf: asOf.toISOString(), freshness };
  }
}
