import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { UnauthorizedError } from '@tagstream/common';
import { Principal } from './principal';

/** Where the guard leaves the verified caller on the request. */
export const PRINCIPAL_KEY = 'principal';

export function principalOf(request: object): Principal | undefined {
  return (request as Record<string, Principal | undefined>)[PRINCIPAL_KEY];
}

/** Injects the verified caller into a `/v1` handler parameter. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest<object>());
  if (!principal) throw new UnauthorizedError('This route needs a bearer token');
  return principal;
});
