import { EventDataClass, eventTypeOf } from './event-type.decorator';
import { MarketingConsentChangedData, RiskAssessedData, SessionStartedData, UserRegisteredData } from './account.events';
import {
  FundFollowedData,
  FundRedeemedData,
  FundSubscribedData,
  FundUnfollowedData,
  FundViewedData,
} from './fund.events';
import { AutoInvestStartedData, AutoInvestStoppedData } from './auto-invest.events';
import { ArticleReadData, CampaignClickedData, CampaignExposedData, QuestionAskedData } from './engagement.events';

/** What each event type's `data` holds at its current schema version. */
export interface EventDataByType {
  UserRegistered: UserRegisteredData;
  RiskAssessed: RiskAssessedData;
  FundViewed: FundViewedData;
  FundFollowed: FundFollowedData;
  FundUnfollowed: FundUnfollowedData;
  FundSubscribed: FundSubscribedData;
  FundRedeemed: FundRedeemedData;
  AutoInvestStarted: AutoInvestStartedData;
  AutoInvestStopped: AutoInvestStoppedData;
  ArticleRead: ArticleReadData;
  QuestionAsked: QuestionAskedData;
  CampaignExposed: CampaignExposedData;
  CampaignClicked: CampaignClickedData;
  SessionStarted: SessionStartedData;
  MarketingConsentChanged: MarketingConsentChangedData;
}

export type EventTypeName = keyof EventDataByType;

export interface EventDefinition {
  readonly type: EventTypeName;
  readonly schemaVersion: number;
  readonly dataClass: EventDataClass;
  /** The fields `data` may hold at the current version, in declaration order. */
  readonly fields: readonly string[];
}

const DATA_CLASSES: Record<EventTypeName, EventDataClass> = {
  UserRegistered: UserRegisteredData,
  RiskAssessed: RiskAssessedData,
  FundViewed: FundViewedData,
  FundFollowed: FundFollowedData,
  FundUnfollowed: FundUnfollowedData,
  FundSubscribed: FundSubscribedData,
  FundRedeemed: FundRedeemedData,
  AutoInvestStarted: AutoInvestStartedData,
  AutoInvestStopped: AutoInvestStoppedData,
  ArticleRead: ArticleReadData,
  QuestionAsked: QuestionAskedData,
  CampaignExposed: CampaignExposedData,
  CampaignClicked: CampaignClickedData,
  SessionStarted: SessionStartedData,
  MarketingConsentChanged: MarketingConsentChangedData,
};

function define(type: EventTypeName, dataClass: EventDataClass, fields: readonly string[]): EventDefinition {
  const meta = eventTypeOf(dataClass);
  // The map key and the decorator must agree; a mismatch is a programming error caught at load.
  if (meta.name !== type) throw new Error(`catalog key ${type} does not match @EventType('${meta.name}')`);
  return Object.freeze({ type, schemaVersion: meta.schemaVersion, dataClass, fields: Object.freeze([...fields]) });
}

/** Field lists are explicit so they read as the contract; a spec checks them against the class-validator metadata. */
const FIELDS: Record<EventTypeName, readonly string[]> = {
  UserRegistered: ['channel', 'region'],
  RiskAssessed: ['level'],
  FundViewed: ['fundCode', 'category', 'institutionId', 'dwellSeconds'],
  FundFollowed: ['fundCode', 'category', 'institutionId'],
  FundUnfollowed: ['fundCode', 'category', 'institutionId'],
  FundSubscribed: ['fundCode', 'category', 'institutionId', 'amount', 'currency'],
  FundRedeemed: ['fundCode', 'category', 'institutionId', 'amount', 'full'],
  AutoInvestStarted: ['fundCode', 'category', 'institutionId', 'planId', 'amount', 'frequency'],
  AutoInvestStopped: ['planId'],
  ArticleRead: ['articleId', 'kind', 'institutionId'],
  QuestionAsked: ['topic', 'institutionId'],
  CampaignExposed: ['campaignId', 'institutionId'],
  CampaignClicked: ['campaignId', 'institutionId'],
  SessionStarted: ['device', 'region'],
  MarketingConsentChanged: ['personalized'],
};

/** Every v1 event type, in the order of docs/contract.md §3. */
export const EVENT_TYPES = Object.freeze(Object.keys(DATA_CLASSES) as EventTypeName[]);

export const EVENT_CATALOG: ReadonlyMap<EventTypeName, EventDefinition> = new Map(
  EVENT_TYPES.map((type) => [type, define(type, DATA_CLASSES[type], FIELDS[type])]),
);

export function isEventType(type: unknown): type is EventTypeName {
  return typeof type === 'string' && EVENT_CATALOG.has(type as EventTypeName);
}

export function eventDefinition(type: EventTypeName): EventDefinition {
  return EVENT_CATALOG.get(type)!;
}
