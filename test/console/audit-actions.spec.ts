import { AUDIT_ACTIONS } from '@tagstream/compliance';
import { BUILT_IN_AUDIT_ACTIONS } from '../../apps/console/src/api/audit-actions';

// The console asks the service for the audit actions and keeps its own copy for when it cannot;
// it may not import libs/compliance (Node modules), so the copy is held to the server's list here.
describe('the console’s built-in audit actions', () => {
  it('are the audit actions libs/compliance knows', () => {
    expect([...BUILT_IN_AUDIT_ACTIONS].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
});
