import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@tagstream/auth';
import { NotFoundError } from '@tagstream/common';
import { DisclosureService } from '@tagstream/compliance';
import { auditPrincipal } from '../audience/audience.service';
import { LabelFreshness, LABEL_FRESHNESS, LabelFreshnessSource } from '../labels/label-freshness';
import { LabelQueries, UserLabels } from '../labels/label-queries';
import { USER_SURROGATES, UserSurrogateLookup } from '../labels/user-surrogates';
import { UserLabelsBatcher } from './user-labels-batcher';

export interface UserTagsView {
  readonly userId: string;
  /** False for a user no event has been projected for yet (batch answers only). */
  readonly known: boolean;
  readonly personalized: boolean;
  readonly state: string[];
  readonly activity: UserLabels['activity'];
}

/**
 * The recommender's lookups: one user's state tags and activity counts over
 * the 7, 30 and 90 days ending with the day of `asOf`. A user who withdrew
 * consent gets `personalized: false` and no tags (PIPL Art. 24).
 */
@Injectable()
export class UserTagsService {
  private readonly labels: UserLabelsBatcher;

  constructor(
    labels: LabelQueries,
    private readonly disclosure: DisclosureService,
    @Inject(USER_SURROGATES) private readonly surrogates: UserSurrogateLookup,
    @Inject(LABEL_FRESHNESS) private readonly freshness: LabelFreshnessSource,
  ) {
    this.labels = new UserLabelsBatcher((users, asOf) => labels.userLabels(users, asOf));
  }

  async one(principal: Principal, userId: string, asOf: Date): Promise<UserTagsView & { freshness: LabelFreshness }> {
    const { users, freshness } = await this.lookup(principal, 'user.tags', [userId], asOf);
    const [view] = users;
    if (!view.known) throw new NotFoundError(`user ${userId} has no labels`, { userId });
    const { known: _known, ...rest } = view;
    return { ...rest, known: true, freshness };
  }

  batch(principal: Principal, userIds: readonly string[], asOf: Date): Promise<{ users: UserTagsView[]; freshness: LabelFreshness }> {
    return this.lookup(principal, 'user.tags.batch', [...new Set(userIds)], asOf);
  }

  private async lookup(principal: Principal, action: string, userIds: readonly string[], asOf: Date) {
    const freshness = await this.freshness.current();
    const surrogates = await this.surrogates.surrogatesOf(userIds);
    const labels = await this.labels.load([...surrogates.values()], asOf);
    const exposed: number[] = [];
    const users = userIds.map((userId): UserTagsView => {
      const surrogate = surrogates.get(userId);
      const found = surrogate === undefined ? undefined : labels.get(surrogate);
      if (!found) return { userId, known: false, personalized: true, state: [], activity: [] };
      if (!found.personalized) return { userId, known: true, personalized: false, state: [], activity: [] };
      exposed.push(surrogate!);
      return { userId, known: true, personalized: true, state: found.state, activity: found.activity };
    });
    await this.disclosure.audit({ principal: auditPrincipal(principal), action, idsExposed: exposed.length, subjects: exposed });
    return { users, freshness };
  }
}
