import { createHmac } from 'node:crypto';

/**
 * Snapshot-scoped pseudonymous ids. A per-tenant key is derived from the
 * pseudonym key, and the snapshot id and surrogate are keyed with it: the same
 * person gets one id within a snapshot and unrelated ids in two snapshots (so
 * two member lists cannot be joined or subtracted) and for two tenants, and
 * neither the platform user id nor the surrogate can be read back.
 * 128 bits of the HMAC, base64url: 22 URL-safe characters.
 */
export class Pseudonymizer {
  private readonly tenantKeys = new Map<string, Buffer>();

  constructor(private readonly key: string) {
    if (!key) throw new Error('a pseudonym key is required');
  }

  pseudonymize(tenant: string, surrogate: number, snapshotId: string): string {
    if (typeof tenant !== 'string' || tenant.length === 0) throw new TypeError('tenant must be a non-empty string');
    if (!Number.isInteger(surrogate) || surrogate < 0) throw new TypeError(`surrogate must be a non-negative integer, got ${surrogate}`);
    if (typeof snapshotId !== 'string' || snapshotId.length === 0) throw new TypeError('snapshotId must be a non-empty string');
    return createHmac('sha256', this.tenantKey(tenant)).update(`${snapshotId}\u0000${surrogate}`).digest().subarray(0, 16).toString('base64url');
  }

  private tenantKey(tenant: string): Buffer {
    let key = this.tenantKeys.get(tenant);
    if (!key) {
      key = createHmac('sha256', this.key).update(`tenant-pseudonym\u0000${tenant}`).digest();
      this.tenantKeys.set(tenant, key);
    }
    return key;
  }
}

/**
 * What an erasure keeps instead of the platform user id: a keyed hash, so the
 * record can be matched against a user id presented later (a rebuild, a
 * repeated request) without the id being stored in clear.
 */
export function erasureHash(key: string, userId: string): string {
  return createHmac('sha256', key).update(`erasure\u0000${userId}`).digest('base64url');
}
