/**
 * The platform-id → surrogate mapping, which lives on the event-store side and
 * belongs to the projection. Compliance needs two things of it: to find the
 * surrogate of a person named by an auditor or an erasure request, and to drop
 * a person's mapping on erasure. The app binds an implementation to
 * `SUBJECT_DIRECTORY`; without one, the routes that need it answer 503.
 */
export interface SubjectDirectory {
  /** The person's surrogate, or undefined when none was ever assigned (or it was forgotten). */
  surrogateOf(userId: string): Promise<number | undefined>;
  /** Drops the mapping for good; true when there was one. The surrogate is never handed out again. */
  forget(userId: string): Promise<boolean>;
}

export const SUBJECT_DIRECTORY = Symbol('SUBJECT_DIRECTORY');
