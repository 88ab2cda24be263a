import { INSTITUTION_PARAM, CATEGORY_PARAM, KIND_PARAM, TOPIC_PARAM } from '../taxonomy/tag-params';
import { LineageEntry } from '../taxonomy/tag-definition';
import { TAGGABLE_EVENT_TYPES, TaggableEventType } from '../vocabulary';
import { ActivityRule } from './rule.types';

/** Viewing counts only from this dwell time on (docs/contract.md §4). */
export const MIN_VIEW_DWELL_SECONDS = 5;

/** Event types whose `data` names an institution (`AutoInvestStopped` names none). */
const INSTITUTION_EVENT_TYPES: readonly TaggableEventType[] = [
  'FundViewed',
  'FundFollowed',
  'FundUnfollowed',
  'FundSubscribed',
  'FundRedeemed',
  'AutoInvestStarted',
  'ArticleRead',
  'QuestionAsked',
  'CampaignExposed',
  'CampaignClicked',
];

function single(tag: string): (event: unknown) => readonly string[] {
  const tags = [tag];
  return () => tags;
}

export const activeRule: ActivityRule = {
  definition: {
    id: 'active',
    kind: 'activity',
    pattern: 'active',
    description: 'Any event of the user, consent changes included.',
    visibility: 'platform',
    lineage: TAGGABLE_EVENT_TYPES.map((eventType): LineageEntry => ({ eventType, fields: [] })),
    params: [],
  },
  tags: single('active'),
};

export const registeredRule: ActivityRule = {
  definition: {
    id: 'registered',
    kind: 'activity',
    pattern: 'registered',
    description: 'Registered on the platform.',
    visibility: 'platform',
    lineage: [{ eventType: 'UserRegistered', fields: [] }],
    params: [],
  },
  tags: single('registered'),
};

export const viewedRule: ActivityRule = {
  definition: {
    id: 'viewed',
    kind: 'activity',
    pattern: 'viewed:<category>',
    description: `Viewed a fund of this category for at least ${MIN_VIEW_DWELL_SECONDS} seconds.`,
    visibility: 'platform',
    lineage: [{ eventType: 'FundViewed', fields: ['category', 'dwellSeconds'] }],
    params: [CATEGORY_PARAM],
  },
  tags: (event) => ((event.data.dwellSeconds as number) >= MIN_VIEW_DWELL_SECONDS ? [`viewed:${event.data.category}`] : []),
};

export const readRule: ActivityRule = {
  definition: {
    id: 'read',
    kind: 'activity',
    pattern: 'read:<kind>',
    description: 'Read an article of this kind.',
    visibility: 'platform',
    lineage: [{ eventType: 'ArticleRead', fields: ['kind'] }],
    params: [KIND_PARAM],
  },
  tags: (event) => [`read:${event.data.kind}`],
};

export const askedRule: ActivityRule = {
  definition: {
    id: 'asked',
    kind: 'activity',
    pattern: 'asked:<topic>',
    description: 'Asked a question on this topic.',
    visibility: 'platform',
    lineage: [{ eventType: 'QuestionAsked', fields: ['topic'] }],
    params: [TOPIC_PARAM],
  },
  tags: (event) => [`asked:${event.data.topic}`],
};

export const campaignExposedRule: ActivityRule = {
  definition: {
    id: 'campaign-exposed',
    kind: 'activity',
    pattern: 'campaign:exposed',
    description: 'Was shown a campaign.',
    visibility: 'platform',
    lineage: [{ eventType: 'CampaignExposed', fields: [] }],
    params: [],
  },
  tags: single('campaign:exposed'),
};

export const campaignClickedRule: ActivityRule = {
  definition: {
    id: 'campaign-clicked',
    kind: 'activity',
    pattern: 'campaign:clicked',
    description: 'Clicked a campaign.',
    visibility: 'platform',
    lineage: [{ eventType: 'CampaignClicked', fields: [] }],
    params: [],
  },
  tags: single('campaign:clicked'),
};

export const institutionEngagedRule: ActivityRule = {
  definition: {
    id: 'inst-engaged',
    kind: 'activity',
    pattern: 'inst:<institutionId>:engaged',
    description: 'Any event naming this institution.',
    visibility: 'tenant',
    lineage: INSTITUTION_EVENT_TYPES.map(
      (eventType): LineageEntry =>
        eventType === 'QuestionAsked'
          ? { eventType, fields: ['institutionId'], optional: ['institutionId'] }
          : { eventType, fields: ['institutionId'] },
    ),
    params: [INSTITUTION_PARAM],
  },
  tags: (event) => (event.data.institutionId === undefined ? [] : [`inst:${event.data.institutionId}:engaged`]),
};
