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

/**
 * Turns an API error into words a marketer understands. Validation problems
 * keep their path so each can be shown next to the field or condition it is
 * about; expression rules the console knows get their own wording, the rest
 * keep the service's message, which already names the field and the problem.
 */
export function explainError(error: unknown, t: Translate): ExplainedError {
  if (!(error instanceof ApiError)) return { summary: t('error.unexpected', { code: String((error as Error)?.message ?? error) }), problems: [] };
  const problems = problemsOf(error).map((problem) => explainProblem(problem, t));
  if (error.status === 0) return { summary: t('error.network'), problems };
  if (error.status === 401) return { summary: t('error.unauthorized'), problems };
  if (error.status === 403) return { summary: t('error.forbidden'), problems };
  if (error.status === 404) return { summary: t('error.notFound'), problems };
  if (error.status === 409) return { summary: t('error.conflict'), problems };
  if (error.code === 'below_floor') return { summary: t('error.belowFloor'), problems };
  if (error.status === 503 || error.status === 429) return { summary: t('error.unavailable'), problems };
  if (error.status >= 400 && error.status < 500) {
    if (problems.length === 1) return { summary: problems[0].text, problems };
    return { summary: problems.length > 0 ? t('error.invalid') : error.message, problems };
  }
  return { summary: t('error.unexpected', { code: `${error.status} ${error.code}` }), problems };
}

function problemsOf(error: ApiError): WireProblem[] {
  const details = error.details as { problems?: unknown } | undefined;
  return Array.isArray(details?.problems) ? (details.problems as WireProblem[]) : [];
}

function explainProblem(problem: WireProblem, t: Translate): ExplainedProblem {
  const path = problem.path ?? '';
  const message = problem.message ?? '';
  const tag = /"([^"]+)"/.exec(message)?.[1] ?? /tag ([^\s,]+)/.exec(message)?.[1] ?? '';
  const base = { path, ...(problem.offset !== undefined ? { offset: problem.offset } : {}) };
  switch (problem.rule) {
    case 'unknown_tag':
      return { ...base, text: t('error.unknownTag', { tag }) };
    case 'activity_only':
      return { ...base, text: t('error.activityOnly', { tag }) };
    case 'syntax':
      return { ...base, text: `${t('error.syntax', { offset: problem.offset ?? '?' })} ${message}` };
    case 'max_depth':
    case 'max_leaves':
    case 'children_count':
    case 'max_length':
      return { ...base, text: t('error.limits', { message }) };
    default:
      return { ...base, text: path ? `${path}: ${message}` : message };
  }
}
