import { randomBytes } from 'node:crypto';

/**
 * The HS256 secret in use. When AUTH_JWT_SECRET is unset (never in production:
 * the config refuses that) a random one is made per process and `generated`
 * says so, which is the cue to print demo tokens.
 */
export class AuthSecret {
  private constructor(
    readonly value: string,
    readonly generated: boolean,
  ) {}

  static from(configured: string | undefined): AuthSecret {
    return configured ? new AuthSecret(configured, false) : new AuthSecret(randomBytes(32).toString('base64url'), true);
  }
}
