import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const PUBLIC_KEY = 'dxhub:auth:public';
export const ANONYMOUS_READABLE_KEY = 'dxhub:auth:anonymous-readable';
export const ROLES_KEY = 'dxhub:auth:roles';

/** No token needed: health, metrics. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** No token needed when AUTH_ANONYMOUS_READ=true (published aggregates, the catalogue); otherwise any role. */
export const AnonymousReadable = (): MethodDecorator & ClassDecorator => SetMetadata(ANONYMOUS_READABLE_KEY, true);

/** The caller needs one of these roles (rule `role-required`); without it, any known role will do. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The verified caller; undefined only on @Public/@AnonymousReadable routes called without a token. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined =>
    ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);
