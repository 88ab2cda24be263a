import type { EventTypeName } from './catalog/catalog';

/** One valid `data` per event type: examples for documentation, the seed's shape and tests (which mutate copies). */
export const SAMPLE_EVENT_DATA: Record<EventTypeName, Record<string, unknown>> = {
  UserRegistered: { channel: 'app', region: 'CN-SH' },
  RiskAssessed: { level: 'C3' },
  FundViewed: { fundCode: '000001', category: 'bond', institutionId: 'acme', dwellSeconds: 12 },
  FundFollowed: { fundCode: '000001', category: 'gold', institutionId: 'acme' },
  FundUnfollowed: { fundCode: '000001', category: 'gold', institutionId: 'acme' },
  FundSubscribed: { fundCode: '110022', category: 'equity', institutionId: 'acme-funds', amount: '1000.50', currency: 'CNY' },
  FundRedeemed: { fundCode: '110022', category: 'equity', institutionId: 'acme-funds', amount: '200', full: false },
  AutoInvestStarted: {
    planId: 'plan-1',
    fundCode: '000002',
    category: 'index',
    institutionId: 'zeta_am',
    amount: '500',
    frequency: 'monthly',
  },
  AutoInvestStopped: { planId: 'plan-1' },
  ArticleRead: { articleId: 'a-42', kind: 'education', institutionId: 'acme' },
  QuestionAsked: { topic: 'fees' },
  CampaignExposed: { campaignId: 'spring-2026', institutionId: 'acme' },
  CampaignClicked: { campaignId: 'spring-2026', institutionId: 'acme' },
  SessionStarted: { device: 'ios', region: 'CN-BJ' },
  MarketingConsentChanged: { personalized: false },
};
