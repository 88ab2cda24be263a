export const ROLES = ['ingest', 'marketer', 'recommender', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Tenants (fund institutions) share the `institutionId` syntax of docs/contract.md §3. */
export const TENANT_PATTERN = /^[a-z][a-z0-9_-]{1,31}$/;

/** Who is calling, taken from a verified bearer token. `tenant` is always set for marketers. */
export interface Principal {
  readonly sub: string;
  readonly role: Role;
  readonly tenant?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
