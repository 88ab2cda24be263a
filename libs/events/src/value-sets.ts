/**
 * The shared value sets of the v1 catalog (docs/contract.md §3). They are exported as
 * readonly tuples so the same list drives validation, TypeScript unions and
 * the tag taxonomy built on top of them.
 */
export const CATEGORIES = ['money_market', 'bond', 'equity', 'hybrid', 'index', 'qdii', 'gold', 'fof'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CHANNELS = ['app', 'web', 'mini_program'] as const;
export type Channel = (typeof CHANNELS)[number];

export const RISK_LEVELS = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const CURRENCIES = ['CNY'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const FREQUENCIES = ['weekly', 'biweekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const ARTICLE_KINDS = ['manager_letter', 'market_analysis', 'education'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

export const QUESTION_TOPICS = ['nav_drop', 'redemption', 'fees', 'dividends', 'other'] as const;
export type QuestionTopic = (typeof QUESTION_TOPICS)[number];

export const DEVICES = ['ios', 'android', 'web'] as const;
export type Device = (typeof DEVICES)[number];

export const INSTITUTION_ID_PATTERN = /^[a-z][a-z0-9_-]{1,31}$/;
export const FUND_CODE_PATTERN = /^\d{6}$/;
export const USER_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/**
 * Identifiers the producers mint (`planId`, `articleId`, `campaignId`). The
 * contract (docs/contract.md §3) is silent on their form; this keeps them printable, bounded and safe to use
 * as keys without restricting the producers' own schemes much.
 */
export const REFERENCE_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Canonical positive decimal: no sign, no exponent, no leading zeros, at most two decimals, at most 15 integer digits. */
export const AMOUNT_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;
/** Region is free text from the producer (raw; never reaches labels); bounded so one field cannot bloat a stream. */
export const REGION_MAX_LENGTH = 64;
