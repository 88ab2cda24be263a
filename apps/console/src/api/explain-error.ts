import type { MessageKey } from '../i18n/messages.en';
import type { Translate } from '../i18n/i18n';
import { ApiError } from './api-client';

/** One API problem in words, with the path of the input it is about so the screen can show it there. */
export interface ExplainedProblem {
  path: string;
  text: string;
  offset?: number;
}

export interface ExplainedError {
  summary: string;
  problems: ExplainedProblem[];
}

interface WireProblem {
  path?: string;
  rule?: string;
  message?: string;
  offset?: number;
}

/** Wording a screen may put in place of the general one for a status, e.g. a 404 that means "no such person". */
export interface ExplainOptions {
  notFound?: MessageKey;
}

/**
 * Why the API answered 409. The segment decisions (libs/segments, segment.ts)
 * say it in their details and message: a redefine based on an older version
 * carries `currentVersion` ("segment … is at version 3, not 2"); a concurrent
 * writer to the same stream carries `stream`/`actual` ("stream … is at …");
 * an archived segment says "segment … is archived".
 */
export type ConflictKind = 'stale' | 'archived' | 'other';

export function conflictKind(error: unknown): ConflictKind | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const details = (error.details ?? {}) as { currentVersion?: unknown; stream?: unknown; actual?: unknown };
  if (/\bis archived\b/.test(error.message)) return 'archived';
  if (typeof details.currentVersion === 'number' || /\bis at version \d+/.test(error.message)) return 'stale';
  if (details.stream !== undefined || details.actual !== undefined) return 'stale';
  return 'other';
}

/** The version the API says is current, when a redefine was based on an older one. */
export function currentVersionOf(error: unknown): number | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const details = (error.details ?? {}) as { currentVersion?: unknown };
  if (typeof details.currentVersion === 'number') return details.currentVersion;
  const match = /\bis at version (\d+)/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

/**
 * Turns an API error into words a marketer understands. Validation problems
 * keep their path so each can be shown next to the field or condition it is
 * about; rules the console knows get their own wording in the chosen
 * language, the rest keep the service's message, which names the field.
 */
export function explainError(error: unknown, t: Translate, options: ExplainOptions = {}): ExplainedError {
  if (!(error instanceof ApiError)) return { summary: t('error.unexpected', { code: String((error as Error)?.message ?? error) }), problems: [] };
  const problems = problemsOf(error).map((problem) => explainProblem(problem, t));
  if (error.status === 0) return { summary: t('error.network'), problems };
  if (error.status === 401) return { summary: t('error.unauthorized'), problems };
  if (error.status === 403) return { summary: t('error.forbidden'), problems };
  if (error.status === 404) return { summary: t(options.notFound ?? 'error.notFound'), problems };
  if (error.status === 409) return { summary: t(CONFLICT_WORDING[conflictKind(error) ?? 'other']), problems };
  if (error.code === 'below_floor') return { summary: t('error.belowFloor'), problems };
  if (error.code === 'difference_refused') return { summary: t('error.differenceRefused'), problems };
  if (error.status === 503 || error.status === 429) return { summary: t('error.unavailable'), problems };
  if (error.status >= 400 && error.status < 500) {
    if (problems.length === 1) return { summary: problems[0].text, problems };
    return { summary: problems.length > 0 ? t('error.invalid') : error.message, problems };
  }
  return { summary: t('error.unexpected', { code: `${error.status} ${error.code}` }), problems };
}

const CONFLICT_WORDING: Record<ConflictKind, MessageKey> = {
  stale: 'error.conflictStale',
  archived: 'error.conflictArchived',
  other: 'error.conflict',
};

function problemsOf(error: ApiError): WireProblem[] {
  const details = error.details as { problems?: unknown } | undefined;
  return Array.isArray(details?.problems) ? (details.problems as WireProblem[]) : [];
}

/** The tag a service message names: it quotes names in single quotes (`unknown tag 'x'`, `'risk:C3' is a state tag`). */
export function tagNamedIn(message: string): string {
  return /'([^']+)'/.exec(message)?.[1] ?? /"([^"]+)"/.exec(message)?.[1] ?? '';
}

function explainProblem(problem: WireProblem, t: Translate): ExplainedProblem {
  const path = problem.path ?? '';
  const message = problem.message ?? '';
  const base = { path, ...(problem.offset !== undefined ? { offset: problem.offset } : {}) };
  const worded = wordedRule(problem.rule, message, t);
  if (worded !== undefined) return { ...base, text: worded };
  if (problem.rule === 'syntax') return { ...base, text: `${t('error.syntax', { offset: (problem.offset ?? 0) + 1 })} ${message}` };
  return { ...base, text: path ? `${path}: ${message}` : message };
}

/** The console's own words for the rules it knows; undefined keeps the service's text. */
function wordedRule(rule: string | undefined, message: string, t: Translate): string | undefined {
  const numbers = (message.match(/-?\d+/g) ?? []).map(Number);
  const last = numbers[numbers.length - 1];
  switch (rule) {
    case 'unknown_tag':
      return t('error.unknownTag', { tag: tagNamedIn(message) });
    case 'activity_only':
      // the service says which kind the tag is: "'risk:C3' is a state tag" or "'lifecycle:active' is a macro"
      return t(/\bis a macro\b/.test(message) ? 'error.activityOnlyMacro' : 'error.activityOnly', { tag: tagNamedIn(message) });
    case 'within_range':
      // "…within must be 1 to 400 days; it is 500"
      return numbers.length >= 3 ? t('error.withinRange', { min: numbers[numbers.length - 3], max: numbers[numbers.length - 2], days: last }) : undefined;
    case 'within_format':
      return t('error.withinFormat');
    case 'min_count_range':
      // "…minCount must be at least 1 (and a safe integer); it is 0"
      return numbers.length >= 2 ? t('error.minCountRange', { min: numbers[numbers.length - 2], count: last }) : undefined;
    case 'before_to':
      return t('error.dateOrder');
    case 'max_depth':
    case 'max_leaves':
    case 'children_count':
    case 'max_length':
      return t('error.limits', { message });
    default:
      return undefined;
  }
}
