import { translator } from '../i18n/i18n';
import { ApiError } from './api-client';
import { conflictKind, currentVersionOf, explainError, tagNamedIn } from './explain-error';

// Messages and details as the service sends them (libs/segments segment.ts and
// validate-expression.ts, libs/compliance auditor.controller.ts; the wording is
// pinned by those libs' own specs).
const SEGMENT = '6f1c2a9e-3b8d-4c1e-9a7f-2d5b8e4c1a3f';
const en = translator('en-US');
const zh = translator('zh-CN');

function validation(...problems: { path: string; rule: string; message: string; offset?: number }[]): ApiError {
  return new ApiError(400, 'validation_failed', 'expression is not valid', { problems });
}

describe('explainError', () => {
  it('explains a snapshot refused by the difference check apart from one under the floor', () => {
    const refused = new ApiError(422, 'difference_refused', 'the snapshot differs from an earlier answer', { floor: 100, reason: 'difference' });
    const under = new ApiError(422, 'below_floor', 'the snapshot is below the privacy floor of 100', { floor: 100 });
    expect(explainError(refused, en).summary).toMatch(/differs from an earlier answer/);
    expect(explainError(refused, en).summary).not.toBe(explainError(under, en).summary);
    expect(explainError(refused, zh).summary).not.toBe(explainError(under, zh).summary);
  });

  describe('409 on a segment', () => {
    const stale = new ApiError(409, 'conflict', `segment ${SEGMENT} is at version 3, not 2`, { segmentId: SEGMENT, currentVersion: 3 });
    const archived = new ApiError(409, 'conflict', `segment ${SEGMENT} is archived`, { segmentId: SEGMENT });
    const raced = new ApiError(409, 'conflict', `stream segment-${SEGMENT} is at 4, expected 3`, { stream: `segment-${SEGMENT}`, expected: '3', actual: '4' });

    it('tells "changed since you opened it" from "archived"', () => {
      expect(conflictKind(stale)).toBe('stale');
      expect(conflictKind(raced)).toBe('stale');
      expect(conflictKind(archived)).toBe('archived');
      expect(explainError(stale, en).summary).toBe('Someone saved a newer version of this segment after you opened it.');
      expect(explainError(archived, en).summary).toBe('This segment is archived: it can no longer be changed.');
      expect(explainError(stale, zh).summary).not.toBe(explainError(archived, zh).summary);
    });

    it('reads the current version the service reports', () => {
      expect(currentVersionOf(stale)).toBe(3);
      expect(currentVersionOf(archived)).toBeUndefined();
    });

    it('leaves other errors alone', () => {
      expect(conflictKind(new ApiError(404, 'not_found', 'segment x not found', {}))).toBeUndefined();
      expect(conflictKind(new Error('x'))).toBeUndefined();
    });
  });

  it('says a window on a macro is refused because it is a macro, not a state tag', () => {
    const error = validation({ path: 'expression.within', rule: 'activity_only', message: "within applies to activity tags only; 'lifecycle:active' is a macro" });
    expect(explainError(error, en).summary).toBe('Time windows and counts apply to activity tags only; lifecycle:active is a shorthand for other tags and takes neither.');
  });

  it('names the tag of a window on a state tag, as the API words it', () => {
    const error = validation({ path: 'expression.and[1].within', rule: 'activity_only', message: "within applies to activity tags only; 'risk:C3' is a state tag" });
    expect(explainError(error, en).summary).toBe('Time windows and counts apply to activity tags only; risk:C3 is a state tag.');
    expect(explainError(error, zh).summary).toContain('risk:C3 是状态标签');
  });

  it('names the tag in the text form, after the offset', () => {
    const error = validation({ path: 'expression.text', rule: 'activity_only', message: "at offset 25: within applies to activity tags only; 'holder:gold' is a state tag", offset: 25 });
    expect(explainError(error, en).problems[0].text).toContain('holder:gold is a state tag');
  });

  it('names an unknown tag without its quotes', () => {
    expect(tagNamedIn("unknown tag 'nosuch:tag'")).toBe('nosuch:tag');
    const error = validation({ path: 'expression.and[1].tag', rule: 'unknown_tag', message: "unknown tag 'nosuch:tag'" });
    expect(explainError(error, en).summary).toBe('The tag nosuch:tag does not exist or is not available to you.');
  });

  it('words the common validation rules in Chinese instead of showing the service text', () => {
    const within = validation({ path: 'expression.and[1].within', rule: 'within_range', message: 'expression.and[1].within must be 1 to 400 days; it is 500' });
    const count = validation({ path: 'expression.and[0].minCount', rule: 'min_count_range', message: 'expression.and[0].minCount must be at least 1 (and a safe integer); it is 0' });
    const dates = validation({ path: 'from', rule: 'before_to', message: 'from must be before to' });
    expect(explainError(within, zh).summary).toBe('时间窗口必须为 1 到 400 天；当前为 500 天。');
    expect(explainError(within, en).summary).toBe('The time window must be 1 to 400 days; it is 500.');
    expect(explainError(count, zh).summary).toBe('最少次数必须至少为 1；当前为 0。');
    expect(explainError(dates, zh).summary).toBe('开始日期必须早于结束日期。');
  });

  it('falls back to the service text for rules it does not know', () => {
    const error = validation({ path: 'expression.and[0]', rule: 'node_kind', message: 'expression.and[0] must have exactly one of tag, and, or, not (found none)' });
    expect(explainError(error, zh).summary).toContain('must have exactly one of tag');
  });

  it('lets a screen word a 404 for what it looks up', () => {
    const missing = new ApiError(404, 'not_found', 'no user u-404 is known', { userId: 'u-404' });
    expect(explainError(missing, en).summary).toContain('another tenant');
    const worded = explainError(missing, en, { notFound: 'subject.notFound' }).summary;
    expect(worded).toContain('no record of this person');
    expect(worded).not.toContain('tenant');
  });
});
