import { ApiError } from './api-client';
import { actionsFromRefusal, BUILT_IN_AUDIT_ACTIONS } from './audit-actions';
import { knownAuditActions } from './endpoints';
import { translator } from '../i18n/i18n';
import { actionLabel } from '../i18n/labels';
import type { ApiClient } from './api-client';

// the 400 GET /v1/audit answers for an unknown action (test/e2e/auditor-reach.e2e-spec.ts)
const LISTED =
  'action must be one of: segment.preview, segment.size, segment.insights, segment.overlap, segment.snapshot, segment.snapshots, snapshot.members, snapshot.members.delivery, user.tags, user.tags.batch, tags.list, compliance.subjects, user.erasure, user.erasure.completed';
const refusal = (message = LISTED) => new ApiError(400, 'validation_failed', 'validation failed', { problems: [{ path: 'action', rule: 'isIn', message }] });

function answering(error: unknown): ApiClient {
  return { json: () => Promise.reject(error) } as unknown as ApiClient;
}

describe('the audit log’s action filter', () => {
  it('offers what the service lists, erasures and snapshot lists included', async () => {
    const actions = await knownAuditActions(answering(refusal()));
    expect(actions).toEqual(LISTED.replace('action must be one of: ', '').split(', '));
    for (const action of ['user.erasure', 'user.erasure.completed', 'segment.snapshots']) expect(actions).toContain(action);
  });

  it('offers a new action the service adds, before the console knows its name', async () => {
    expect(await knownAuditActions(answering(refusal('action must be one of: segment.size, brand.new')))).toEqual(['segment.size', 'brand.new']);
  });

  it('falls back to its own complete list when the service does not list them', async () => {
    expect(actionsFromRefusal(new ApiError(503, 'unavailable', 'x', {}))).toBeUndefined();
    expect(await knownAuditActions(answering(new ApiError(0, 'network', 'offline', undefined)))).toEqual([...BUILT_IN_AUDIT_ACTIONS]);
    expect(BUILT_IN_AUDIT_ACTIONS).toContain('user.erasure.completed');
  });

  it('names every known action in both languages', () => {
    for (const locale of ['en-US', 'zh-CN'] as const) {
      const t = translator(locale);
      for (const action of BUILT_IN_AUDIT_ACTIONS) expect(actionLabel(t, action)).not.toBe(action);
    }
  });
});
