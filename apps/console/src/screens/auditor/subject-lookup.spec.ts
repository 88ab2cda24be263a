import { ApiError } from '../../api/api-client';
import { subjectLookup, SubjectLookupState } from './subject-lookup';

describe('person look-up state', () => {
  const known: SubjectLookupState = subjectLookup(subjectLookup({ busy: false }, { type: 'start', userId: 'u-1' }), {
    type: 'answer',
    userId: 'u-1',
    exposures: [{ at: '2026-11-22T10:00:00Z', tenant: 'demo_fund', action: 'segment.snapshot', snapshotId: 's-1' }],
    erased: false,
    tenants: ['demo_fund'],
  });

  it('shows the answer for the person looked up', () => {
    expect(known.summary).toEqual({ erased: false, tenants: ['demo_fund'] });
    expect(known.rows).toHaveLength(1);
  });

  it('drops the previous person as soon as another is looked up, and keeps nothing of them after a failure', () => {
    const asking = subjectLookup(known, { type: 'start', userId: 'u-unknown' });
    expect(asking.summary).toBeUndefined();
    expect(asking.rows).toBeUndefined();
    const failed = subjectLookup(asking, { type: 'failure', userId: 'u-unknown', error: new ApiError(404, 'not_found', 'no user u-unknown is known', {}) });
    expect(failed).toMatchObject({ userId: 'u-unknown', busy: false });
    expect(failed.summary).toBeUndefined();
    expect(failed.rows).toBeUndefined();
    expect(failed.error).toBeInstanceOf(ApiError);
  });

  it("drops a late answer for a person whose look-up has been replaced by another's", () => {
    const second = subjectLookup(subjectLookup(known, { type: 'start', userId: 'u-1' }), { type: 'start', userId: 'u-2' });
    const late = subjectLookup(second, { type: 'answer', userId: 'u-1', exposures: [], erased: false, tenants: ['other_fund'] });
    expect(late).toEqual({ userId: 'u-2', busy: true });
    const lateFailure = subjectLookup(second, { type: 'failure', userId: 'u-1', error: new Error('x') });
    expect(lateFailure).toEqual({ userId: 'u-2', busy: true });
  });
});
