import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Role } from './principal';

export const ROLES_METADATA = 'tagstream:roles';

/**
 * The roles allowed to call a `/v1` route (on a handler or a controller; the
 * handler wins). A `/v1` route without `@Roles` is refused to everyone, so a
 * forgotten decorator fails closed.
 */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_METADATA, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, malformed, badly signed or expired bearer token' }),
    ApiForbiddenResponse({ description: `Caller's role is not one of: ${roles.join(', ')}` }),
  );
}
