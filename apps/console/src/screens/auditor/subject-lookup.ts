import type { SubjectExposure } from '../../api/api-types';

/** What the person look-up shows: one person's answer at a time, never the previous person's next to a new error. */
export interface SubjectLookupState {
  userId?: string;
  rows?: SubjectExposure[];
  summary?: { erased: boolean; tenants: string[] };
  error?: unknown;
  busy: boolean;
}

/** Answers and failures name the person they are for: one for a look-up that has since been replaced is dropped. */
export type SubjectLookupEvent =
  | { type: 'start'; userId: string }
  | { type: 'answer'; userId: string; exposures: SubjectExposure[]; erased: boolean; tenants: string[] }
  | { type: 'failure'; userId: string; error: unknown };

export function subjectLookup(state: SubjectLookupState, event: SubjectLookupEvent): SubjectLookupState {
  if (event.type !== 'start' && event.userId !== state.userId) return state;
  switch (event.type) {
    case 'start':
      return { userId: event.userId, busy: true };
    case 'answer':
      return { userId: state.userId, rows: event.exposures, summary: { erased: event.erased, tenants: event.tenants }, busy: false };
    case 'failure':
      return { userId: state.userId, error: event.error, busy: false };
  }
}
