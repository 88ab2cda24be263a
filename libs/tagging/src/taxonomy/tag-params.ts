import { ARTICLE_KINDS, CATEGORIES, INSTITUTION_ID_PATTERN, QUESTION_TOPICS, RISK_LEVELS } from '../vocabulary';
import { TagParam } from './tag-definition';

export const CATEGORY_PARAM: TagParam = { name: 'category', values: CATEGORIES };
export const LEVEL_PARAM: TagParam = { name: 'level', values: RISK_LEVELS };
export const KIND_PARAM: TagParam = { name: 'kind', values: ARTICLE_KINDS };
export const TOPIC_PARAM: TagParam = { name: 'topic', values: QUESTION_TOPICS };
export const INSTITUTION_PARAM: TagParam = { name: 'institutionId', pattern: INSTITUTION_ID_PATTERN };
