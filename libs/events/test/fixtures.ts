import { EventTypeName } from '@tagstream/events';

/** One valid `data` per type; tests mutate copies of these. */
export const VALID_DATA: Record<EventTypeName, Record<string, unknown>> = {
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

export const NOW = new Date('2026-11-20T12:00:00Z');
export const clock = () => NOW;

let counter = 0;
export function uuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function validEvent(type: EventTypeName, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: uuid(),
    type,
    userId: 'user_1',
    occurredAt: '2026-11-20T08:30:00+08:00',
    data: { ...VALID_DATA[type] },
    ...overrides,
  };
}
