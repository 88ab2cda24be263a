import { CATEGORY_PARAM, INSTITUTION_PARAM } from '../taxonomy/tag-params';
import { ReducedEvent } from '../lineage/reduced-event';
import { distinctValues, Keyed, StateRule, withKey, withoutKey } from './rule.types';

/**
 * Open positions by `fundCode`. A position is open or closed, never counted:
 * a subscription opens it (or keeps it open, taking the subscription's
 * category/institution), a full redemption closes it, a partial redemption or
 * the redemption of a fund not held changes nothing. Closed positions are
 * dropped, so the slice holds open positions only.
 */
function evolvePositions(attribute: 'category' | 'institutionId') {
  return (open: Keyed, event: ReducedEvent): Keyed => {
    const fundCode = event.data.fundCode as string;
    if (event.type === 'FundSubscribed') return withKey(open, fundCode, event.data[attribute] as string);
    if (event.type === 'FundRedeemed' && event.data.full === true) return withoutKey(open, fundCode);
    return open;
  };
}

export const holderRule: StateRule<Keyed> = {
  definition: {
    id: 'holder',
    kind: 'state',
    pattern: 'holder:<category>',
    description: 'Holds at least one open position in a fund of this category.',
    visibility: 'platform',
    lineage: [
      { eventType: 'FundSubscribed', fields: ['fundCode', 'category'] },
      { eventType: 'FundRedeemed', fields: ['fundCode', 'full'] },
    ],
    params: [CATEGORY_PARAM],
  },
  initial: {},
  evolve: evolvePositions('category'),
  tags: (open) => distinctValues(open).map((category) => `holder:${category}`),
};

export const institutionHolderRule: StateRule<Keyed> = {
  definition: {
    id: 'inst-holder',
    kind: 'state',
    pattern: 'inst:<institutionId>:holder',
    description: 'Holds at least one open position in a fund of this institution.',
    visibility: 'tenant',
    lineage: [
      { eventType: 'FundSubscribed', fields: ['fundCode', 'institutionId'] },
      { eventType: 'FundRedeemed', fields: ['fundCode', 'full'] },
    ],
    params: [INSTITUTION_PARAM],
  },
  initial: {},
  evolve: evolvePositions('institutionId'),
  tags: (open) => distinctValues(open).map((institutionId) => `inst:${institutionId}:holder`),
};
