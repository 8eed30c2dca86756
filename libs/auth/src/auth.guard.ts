import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { readFileSync } from 'node:fs';
import { assertAllowed, hasRequiredRole } from './access-rules';
import type { AuthConfig } from './auth.config';
import { AuthenticationError, RateLimitedError } from './auth-errors';
import { ANONYMOUS_READABLE_KEY, PUBLIC_KEY, ROLES_KEY } from './decorators';
import { type KeyResolver, verifyJwt } from './jwt';
import { JwksKeyStore, staticKeyResolver } from './key-store';
import type { Principal, Role } from './principal';
import { InMemoryRateLimiter, type RateLimiter } from './rate-limiter';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The request as the guard leaves it: the verified caller, when there is one. */
export type AuthenticatedRequest = Request & { principal?: Principal };

/** The key source the configuration names (exactly one is set; AuthConfig checked that at boot). */
export function keyResolverFor(config: AuthConfig): KeyResolver {
  if (config.AUTH_JWKS_URL !== '') {
    return new JwksKeyStore(config.AUTH_JWKS_URL, {
      cacheMs: config.AUTH_JWKS_CACHE_MS,
      minRefetchIntervalMs: config.AUTH_JWKS_MIN_REFETCH_MS,
    }).resolve;
  }
  return staticKeyResolver(
    config.AUTH_PUBLIC_KEY !== '' ? config.AUTH_PUBLIC_KEY : readFileSync(config.AUTH_PUBLIC_KEY_FILE, 'utf8'),
  );
}

/**
 * The global guard every service runs (installed by libs/http's configureHttpApp): a valid bearer token
 * on every route except @Public() ones (and @AnonymousReadable() ones when AUTH_ANONYMOUS_READ is on),
 * the route's @Roles(), the per-agency write rate limit and the per-user read rate limit (counted by the given
 * RateLimiter: in PostgreSQL for the services, so replicas share the counts). Failures are thrown as AuthenticationError
 * (401), AccessDeniedError (403) and RateLimitedError (429) for the HTTP exception filter to render.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly resolveKey: KeyResolver;

  constructor(
    private readonly reflector: Reflector,
    private readonly config: AuthConfig,
    resolveKey?: KeyResolver,
    private readonly limiter: RateLimiter = new InMemoryRateLimiter(),
  ) {
    this.resolveKey = resolveKey ?? keyResolverFor(config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req);
    const anonymousOk =
      this.config.AUTH_ANONYMOUS_READ && this.reflector.getAllAndOverride<boolean>(ANONYMOUS_READABLE_KEY, targets);
    if (token === undefined && anonymousOk) {
      // Anonymous readers (AUTH_ANONYMOUS_READ) share the read limit of their address.
      await this.limitReads(`read:anonymous:${req.ip ?? req.socket?.remoteAddress ?? 'unknown'}`, 'this address');
      return true;
    }
    if (token === undefined)
      throw new AuthenticationError('missing', 'a bearer token is required (Authorization: Bearer <token>)');

    const principal = await verifyJwt(token, this.resolveKey, {
      issuer: this.config.AUTH_ISSUER,
      audience: this.config.AUTH_AUDIENCE,
      clockToleranceSeconds: this.config.AUTH_CLOCK_TOLERANCE_S,
    });
    req.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    assertAllowed(hasRequiredRole(principal, roles));

    if (WRITE_METHODS.has(req.method)) {
      const limit = this.config.RATE_LIMIT_WRITES_PER_MINUTE;
      const wait = await this.limiter.take(`write:${principal.agency}`, limit);
      if (wait > 0)
        throw new RateLimitedError(
          wait,
          `agency ${principal.agency} made more than ${limit} writes in a minute; retry after ${wait} s`,
        );
    } else {
      await this.limitReads(`read:${principal.agency}:${principal.sub}`, `user ${principal.sub}`);
    }
    return true;
  }

  private async limitReads(key: string, who: string): Promise<void> {
    const limit = this.config.RATE_LIMIT_READS_PER_MINUTE;
    const wait = await this.limiter.take(key, limit);
    if (wait > 0)
      throw new RateLimitedError(wait, `${who} made more than ${limit} reads in a minute; retry after ${wait} s`);
  }
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AuthenticationError('malformed', 'the Authorization header is not "Bearer <token>"');
  return match[1];
}
