import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@tagstream/auth';
import { NotFoundError } from '@tagstream/common';
import { DisclosureService, ErasureRegistry } from '@tagstream/compliance';
import { auditPrincipal } from '../audience/audience.service';
import { LabelFreshness, LABEL_FRESHNESS, LabelFreshnessSource } from '../labels/label-freshness';
import { LabelQueries, UserLabels } from '../labels/label-queries';
import { USER_SURROGATES, UserSurrogateLookup } from '../labels/user-surrogates';
import { Served, ServedUser, ServingIndex } from './serving-index';
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
 *
 * Answered from the serving index when it can (no store read on the way);
 * otherwise (index not current, `asOf` older than it holds) from ClickHouse
 * directly: the same labels, read per request.
 */
@Injectable()
export class UserTagsService {
  private readonly labels: UserLabelsBatcher;

  constructor(
    labels: LabelQueries,
    private readonly index: ServingIndex,
    private readonly disclosure: DisclosureService,
    private readonly erasures: ErasureRegistry,
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
    const served = (await this.index.lookup(userIds, asOf)) ?? (await this.fromClickHouse(userIds, asOf));
    const exposed = [...served.users.values()].filter((found) => found.labels.personalized).map((found) => found.surrogate);
    await this.disclosure.audit({ principal: auditPrincipal(principal), action, idsExposed: exposed.length, subjects: exposed });
    // An erasure acknowledged while this answer was made must not leave with it (its record may stay: never the reverse).
    if (exposed.length > 0 && !this.index.isCurrent()) await this.erasures.refresh();
    const users = userIds.map((userId) => {
      const found = served.users.get(userId);
      return view(userId, found && !this.erasures.isSurrogateErased(found.surrogate) ? found : undefined);
    });
    return { users, freshness: served.freshness };
  }

  /** The ClickHouse path: also the reference the serving index is checked against. */
  async fromClickHouse(userIds: readonly string[], asOf: Date): Promise<Served> {
    const freshness = await this.freshness.current();
    // Erasures recorded by any process, also those whose removal has not finished.
    await this.erasures.refresh();
    const surrogates = await this.surrogates.surrogatesOf(userIds);
    const labels = await this.labels.load([...surrogates.values()], asOf);
    const users = new Map<string, ServedUser>();
    for (const [userId, surrogate] of surrogates) {
      const found = labels.get(surrogate);
      if (found && !this.erasures.isSurrogateErased(surrogate)) users.set(userId, { surrogate, labels: found });
    }
    return { users, freshness };
  }
}

function view(userId: string, found: ServedUser | undefined): UserTagsView {
  if (!found) return { userId, known: false, personalized: true, state: [], activity: [] };
  if (!found.labels.personalized) return { userId, known: true, personalized: false, state: [], activity: [] };
  return { userId, known: true, personalized: true, state: found.labels.state, activity: found.labels.activity };
}
