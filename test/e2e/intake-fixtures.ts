import { randomUUID } from 'node:crypto';
import { EventTypeName } from '@tagstream/events';

export const VALID_DATA: Record<EventTypeName, Record<string, unknown>> = {
  UserRegistered: { channel: 'app', region: 'CN-SH' },
  RiskAssessed: { level: 'C3' },
  FundViewed: { fundCode: '000001', category: 'bond', institutionId: 'acme', dwellSeconds: 12 },
  FundFollowed: { fundCode: '000001', category: 'gold', institutionId: 'acme' },
  FundUnfollowed: { fundCode: '000001', category: 'gold', institutionId: 'acme' },
  FundSubscribed: { fundCode: '110022', category: 'equity', institutionId: 'acme', amount: '1000.50', currency: 'CNY' },
  FundRedeemed: { fundCode: '110022', category: 'equity', institutionId: 'acme', amount: '200', full: false },
  AutoInvestStarted: { planId: 'plan-1', fundCode: '000002', category: 'index', institutionId: 'acme', amount: '500', frequency: 'monthly' },
  AutoInvestStopped: { planId: 'plan-1' },
  ArticleRead: { articleId: 'a-42', kind: 'education', institutionId: 'acme' },
  QuestionAsked: { topic: 'fees' },
  CampaignExposed: { campaignId: 'spring', institutionId: 'acme' },
  CampaignClicked: { campaignId: 'spring', institutionId: 'acme' },
  SessionStarted: { device: 'ios', region: 'CN-BJ' },
  MarketingConsentChanged: { personalized: false },
};

let users = 0;
/** A user id no other test touches, so its stream starts empty. */
export function freshUser(label = 'u'): string {
  users += 1;
  return `${label}-${process.pid}-${users}-${randomUUID().slice(0, 8)}`;
}

export function event(type: EventTypeName, userId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: randomUUID(),
    type,
    userId,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    data: { ...VALID_DATA[type] },
    ...overrides,
  };
}
