import { CATEGORY_PARAM, INSTITUTION_PARAM } from '../taxonomy/tag-params';
import { ReducedEvent } from '../lineage/reduced-event';
import { distinctValues, Keyed, StateRule, withoutKey } from './rule.types';

/**
 * Followed funds by `fundCode`: on or off. Following a followed fund is a
 * no-op (it keeps what the first follow said); unfollowing a fund not followed
 * is a no-op.
 */
function evolveFollows(attribute: 'category' | 'institutionId') {
  return (followed: Keyed, event: ReducedEvent): Keyed => {
    const fundCode = event.data.fundCode as string;
    if (event.type === 'FundFollowed') {
      return fundCode in followed ? followed : { ...followed, [fundCode]: event.data[attribute] as string };
    }
    return withoutKey(followed, fundCode);
  };
}

export const followsRule: StateRule<Keyed> = {
  definition: {
    id: 'follows',
    kind: 'state',
    pattern: 'follows:<category>',
    description: 'Follows at least one fund of this category.',
    visibility: 'platform',
    lineage: [
      { eventType: 'FundFollowed', fields: ['fundCode', 'category'] },
      { eventType: 'FundUnfollowed', fields: ['fundCode'] },
    ],
    params: [CATEGORY_PARAM],
  },
  initial: {},
  evolve: evolveFollows('category'),
  tags: (followed) => distinctValues(followed).map((category) => `follows:${category}`),
};

export const institutionFollowerRule: StateRule<Keyed> = {
  definition: {
    id: 'inst-follower',
    kind: 'state',
    pattern: 'inst:<institutionId>:follower',
    description: 'Follows at least one fund of this institution.',
    visibility: 'tenant',
    lineage: [
      { eventType: 'FundFollowed', fields: ['fundCode', 'institutionId'] },
      { eventType: 'FundUnfollowed', fields: ['fundCode'] },
    ],
    params: [INSTITUTION_PARAM],
  },
  initial: {},
  evolve: evolveFollows('institutionId'),
  tags: (followed) => distinctValues(followed).map((institutionId) => `inst:${institutionId}:follower`),
};
