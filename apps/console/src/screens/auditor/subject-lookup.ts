import type { SubjectExposure } from '../../api/api-types';

/** What the person look-up shows: one person's answer at a time, never the previous person's next to a new error. */
export interface SubjectLookupState {
  userId?: string;
  rows?: SubjectExposure[];
  summary?: { erased: boolean; tenants: string[] };
  error?: unknown;
  busy: boolean;
}

export type SubjectLookupEvent =
  | { type: 'start'; userId: string }
  | { type: 'answer'; exposures: SubjectExposure[]; erased: boolean; tenants: string[] }
  | { type: 'failure'; error: unknown };

export function subjectLookup(state: SubjectLookupState, event: SubjectLookupEvent): SubjectLookupState {
  switch (event.type) {
    case 'start':
      return { userId: event.userId, busy: true };
    case 'answer':
      return { userId: state.userId, rows: event.exposures, summary: { erased: event.erased, tenants: event.tenants }, busy: false };
    case 'failure':
      return { userId: state.userId, error: event.error, busy: false };
  }
}
