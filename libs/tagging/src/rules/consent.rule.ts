import { ConsentRule } from './rule.types';

/** Personalised by default; the last `MarketingConsentChanged` decides (docs/contract.md §4, PIPL Art. 24). */
export const consentRule: ConsentRule = {
  lineage: [{ eventType: 'MarketingConsentChanged', fields: ['personalized'] }],
  initial: true,
  evolve: (_personalized, event) => event.data.personalized as boolean,
};
