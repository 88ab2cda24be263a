import { activeRule, askedRule, campaignClickedRule, campaignExposedRule, institutionEngagedRule, readRule, registeredRule, viewedRule } from './activity.rules';
import { dcaActiveRule, institutionDcaRule } from './dca.rules';
import { followsRule, institutionFollowerRule } from './follows.rules';
import { holderRule, institutionHolderRule } from './holder.rules';
import { riskRule } from './risk.rule';
import { ActivityRule, StateRule } from './rule.types';

export { consentRule } from './consent.rule';
export { MIN_VIEW_DWELL_SECONDS } from './activity.rules';
export * from './rule.types';

/** Every state tag family of docs/contract.md §4, in the order tags are reported. */
export const STATE_RULES: readonly StateRule[] = [
  riskRule,
  holderRule,
  followsRule,
  dcaActiveRule,
  institutionHolderRule,
  institutionFollowerRule,
  institutionDcaRule,
] as StateRule[];

/** Every activity tag family of docs/contract.md §4. */
export const ACTIVITY_RULES: readonly ActivityRule[] = [
  activeRule,
  registeredRule,
  viewedRule,
  readRule,
  askedRule,
  campaignExposedRule,
  campaignClickedRule,
  institutionEngagedRule,
];
