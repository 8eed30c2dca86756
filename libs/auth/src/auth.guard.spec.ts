import { Controller, Get, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { AuthConfig } from './auth.config';
import { AuthGuard } from './auth.guard';
import { AccessDeniedError, AuthenticationError, RateLimitedError } from './auth-errors';
import { AnonymousReadable, Public, Roles } from './decorators';
import { signJwt } from './jwt';

@Controller()
class Routes {
  @Get('live') @Public() live(): void {}
  @Get('catalogue') @AnonymousReadable() catalogue(): void {}
  @Get('history') history(): void {}
  @Post('indicators') @Roles('admin', 'programme-office') create(): void {}
  @Post('values') @Roles('reporter') report(): void {}
}

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

function guard(over: Partial<AuthConfig> = {}): AuthGuard {
  const config = Object.assign(
    new AuthConfig(),
    { AUTH_ISSUER: 'iss', AUTH_AUDIENCE: 'aud', AUTH_PUBLIC_KEY: 'unused' },
    over,
  );
  return new AuthGuard(new Reflector(), config, () => Promise.resolve(publicKey));
}

const token = (roles: string[], agency = 'STTTT') =>
  signJwt({ iss: 'iss', aud: 'aud', sub: 'u', agency, roles, exp: Math.floor(Date.now() / 1000) + 60 }, privateKey);

function context(
  handler: keyof Routes,
  method: string,
  authorization?: string,
): { ctx: ExecutionContext; req: Record<string, unknown> } {
  const req: Record<string, unknown> = { method, headers: authorization ? { authorization } : {} };
  const ctx = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { ctx, req };
}

async function outcome(g: AuthGuard, handler: keyof Routes, method: string, authorization?: string): Promise<string> {
  try {
    await g.canActivate(context(handler, method, authorization).ctx);
    return 'allowed';
  } catch (error) {
    if (error instanceof AuthenticationError) return `401 ${error.reason}`;
    if (error instanceof AccessDeniedError) return `403 ${error.rule}`;
    if (error instanceof RateLimitedError) return '429';
    throw error;
  }
}

describe('AuthGuard', () => {
  it('lets @Public routes through without a token and requires one everywhere else', async () => {
    const g = guard();
    expect(await outcome(g, 'live', 'GET')).toBe('allowed');
    expect(await outcome(g, 'history', 'GET')).toBe('401 missing');
    expect(await outcome(g, 'catalogue', 'GET')).toBe('401 missing');
    expect(await outcome(g, 'history', 'GET', 'Basic abc')).toBe('401 malformed');
  });

  it('opens @AnonymousReadable routes, and only those, when AUTH_ANONYMOUS_READ is on', async () => {
    const g = guard({ AUTH_ANONYMOUS_READ: true });
    expect(await outcome(g, 'catalogue', 'GET')).toBe('allowed');
    expect(await outcome(g, 'history', 'GET')).toBe('401 missing');
    // A bad token is still refused there: anonymous means no token, not any token.
    expect(await outcome(g, 'catalogue', 'GET', 'Bearer x.y.z')).toBe('401 malformed');
  });

  it('puts the principal on the request and checks @Roles', async () => {
    const g = guard();
    const { ctx, req } = context('history', 'GET', `Bearer ${token(['viewer'])}`);
    await g.canActivate(ctx);
    expect(req.principal).toEqual({ sub: 'u', agency: 'STTTT', roles: ['viewer'], expiresAt: expect.any(Date) });
    expect(await outcome(g, 'create', 'POST', `Bearer ${token(['reporter'])}`)).toBe('403 role-required');
    expect(await outcome(g, 'create', 'POST', `Bearer ${token(['programme-office'])}`)).toBe('allowed');
    expect(await outcome(g, 'report', 'POST', `Bearer ${token(['viewer'])}`)).toBe('403 role-required');
  });

  it('limits writes per agency, apart from reads', async () => {
    const g = guard({ RATE_LIMIT_WRITES_PER_MINUTE: 2, RATE_LIMIT_READS_PER_MINUTE: 0 });
    const reporter = `Bearer ${token(['reporter'])}`;
    expect([await outcome(g, 'report', 'POST', reporter), await outcome(g, 'report', 'POST', reporter)]).toEqual([
      'allowed',
      'allowed',
    ]);
    expect(await outcome(g, 'report', 'POST', reporter)).toBe('429');
    expect(await outcome(g, 'history', 'GET', reporter)).toBe('allowed');
    expect(await outcome(g, 'report', 'POST', `Bearer ${token(['reporter'], 'SYT')}`)).toBe('allowed');
  });

  it('limits reads per user, and anonymous reads per address', async () => {
    const g = guard({ RATE_LIMIT_READS_PER_MINUTE: 2, AUTH_ANONYMOUS_READ: true });
    const viewer = `Bearer ${token(['viewer'])}`;
    expect([await outcome(g, 'history', 'GET', viewer), await outcome(g, 'history', 'GET', viewer)]).toEqual([
      'allowed',
      'allowed',
    ]);
    expect(await outcome(g, 'history', 'GET', viewer)).toBe('429');
    expect(await outcome(g, 'history', 'GET', `Bearer ${token(['viewer'], 'SYT')}`)).toBe('allowed');
    expect([await outcome(g, 'catalogue', 'GET'), await outcome(g, 'catalogue', 'GET')]).toEqual([
      'allowed',
      'allowed',
    ]);
    expect(await outcome(g, 'catalogue', 'GET')).toBe('429');
    expect(await outcome(g, 'live', 'GET')).toBe('allowed'); // @Public: probes are never limited
  });
});
