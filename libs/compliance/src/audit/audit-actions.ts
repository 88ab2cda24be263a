import { EXPOSURE_ACTIONS } from './exposure-record';

/** An erasure as the audit shows it: recorded (by whom), then completed (with what was removed). */
export const ERASURE_ACTIONS = ['user.erasure', 'user.erasure.completed'] as const;

/** Every action an audit record can have; `GET /v1/audit?action=` takes only these. */
export const AUDIT_ACTIONS: readonly string[] = Object.freeze([...EXPOSURE_ACTIONS, 'compliance.subjects', ...ERASURE_ACTIONS]);
