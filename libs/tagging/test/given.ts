import { foldUser, TaggableEvent } from '@tagstream/tagging';

/** Builders for complete catalog events (forbidden fields included, as producers send them). */
const AT = '2026-11-20T09:30:00+08:00';
let counter = 0;
const id = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

type Fund = { fundCode: string; category: string; institutionId: string };
export const GOLD_A: Fund = { fundCode: '000001', category: 'gold', institutionId: 'acme' };
export const GOLD_B: Fund = { fundCode: '000002', category: 'gold', institutionId: 'beta' };
export const BOND_A: Fund = { fundCode: '000003', category: 'bond', institutionId: 'acme' };

function event(type: string, data: Record<string, unknown>, occurredAt = AT): TaggableEvent & { eventId: string; userId: string } {
  return { eventId: id(), userId: 'u-1', type, occurredAt, data };
}

export const on = (occurredAt: string) => ({ occurredAt });

export const given = {
  registered: (at?: string) => event('UserRegistered', { channel: 'app', region: 'Shanghai' }, at),
  riskAssessed: (level: string, at?: string) => event('RiskAssessed', { level }, at),
  viewed: (fund: Fund, dwellSeconds: number, at?: string) => event('FundViewed', { ...fund, dwellSeconds }, at),
  followed: (fund: Fund, at?: string) => event('FundFollowed', { ...fund }, at),
  unfollowed: (fund: Fund, at?: string) => event('FundUnfollowed', { ...fund }, at),
  subscribed: (fund: Fund, at?: string) => event('FundSubscribed', { ...fund, amount: '1000.00', currency: 'CNY' }, at),
  redeemed: (fund: Fund, full: boolean, at?: string) => event('FundRedeemed', { ...fund, amount: '500.00', full }, at),
  autoInvestStarted: (planId: string, fund: Fund, at?: string) =>
    event('AutoInvestStarted', { planId, ...fund, amount: '100.00', frequency: 'monthly' }, at),
  autoInvestStopped: (planId: string, at?: string) => event('AutoInvestStopped', { planId }, at),
  articleRead: (kind: string, institutionId: string, at?: string) => event('ArticleRead', { articleId: 'art-1', kind, institutionId }, at),
  questionAsked: (topic: string, institutionId?: string, at?: string) =>
    event('QuestionAsked', institutionId ? { topic, institutionId } : { topic }, at),
  campaignExposed: (institutionId: string, at?: string) => event('CampaignExposed', { campaignId: 'c-1', institutionId }, at),
  campaignClicked: (institutionId: string, at?: string) => event('CampaignClicked', { campaignId: 'c-1', institutionId }, at),
  sessionStarted: (at?: string) => event('SessionStarted', { device: 'ios', region: 'Beijing' }, at),
  consentChanged: (personalized: boolean, at?: string) => event('MarketingConsentChanged', { personalized }, at),
};

/** Then: the state tags after folding the events in order. */
export function stateTagsAfter(...events: TaggableEvent[]): readonly string[] {
  return foldUser(events).stateTags;
}

/** Then: activity as `tag@day=count` strings, easy to read in an assertion. */
export function activityAfter(...events: TaggableEvent[]): string[] {
  return foldUser(events).activity.map((a) => `${a.tag}@${a.day}=${a.count}`);
}
