import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '@tagstream/common';
import { AuthSecret } from './auth-secret';
import { bearerToken, isVersionedApi } from './bearer';
import { PRINCIPAL_KEY } from './current-principal.decorator';
import { verifyToken } from './jwt';
import { Principal, Role } from './principal';
import { ROLES_METADATA } from './roles.decorator';

interface GuardedRequest {
  path: string;
  route?: { path?: string };
  headers: Record<string, string | string[] | undefined>;
  [PRINCIPAL_KEY]?: unknown;
}

/**
 * Global guard: every `/v1` route needs a valid bearer token (401 otherwise)
 * and a role the route lists with `@Roles` (403 otherwise). Routes outside
 * `/v1` (health, metrics, docs) are open.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly secret: AuthSecret,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    if (!isVersionedApi(request)) return true;

    // Verified once per request: by the early middleware when it ran, here otherwise.
    const principal = (request[PRINCIPAL_KEY] as Principal | undefined) ?? verifyToken(this.secret.value, bearerToken(request));
    request[PRINCIPAL_KEY] = principal;

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, [context.getHandler(), context.getClass()]);
    if (!allowed || allowed.length === 0) throw new ForbiddenError('This route allows no role');
    if (!allowed.includes(principal.role)) {
      throw new ForbiddenError(`Role ${principal.role} may not call this route`, { allowedRoles: allowed });
    }
    return true;
  }
}
