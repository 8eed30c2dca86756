import { Clock } from '@dxhub/calendar';
import { createSign, type KeyObject, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { AuthenticationError } from './auth-errors';
import { isRole, type Principal } from './principal';

/** The time a token is checked at when the caller gives none. */
const systemClock = new Clock();

/**
 * JWT verification on node:crypto rather than `jose`: jose 6 is ESM-only and the unit/integration tests
 * run as CommonJS (swc), and 5.x is the legacy line. Two algorithms cover the issuers we meet (Keycloak,
 * Entra ID, Zitadel sign RS256 by default; ES256 is the common alternative); `none` and HMAC are never
 * accepted, so a token can't pick a weaker check than the key's.
 */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256'] as const;
export type JwtAlgorithm = (typeof ACCEPTED_ALGORITHMS)[number];

export interface JwtHeader {
  alg: string;
  kid?: string;
  typ?: string;
}

/** Finds the public key for a token's header, or throws AuthenticationError('unknown-key'). */
export type KeyResolver = (header: JwtHeader) => Promise<KeyObject>;

export interface VerifyOptions {
  issuer: string;
  audience: string;
  /** Seconds of clock skew allowed on exp and nbf. */
  clockToleranceSeconds: number;
  now?: Date;
}

const AGENCY_CLAIM = /^[A-Z0-9]{2,32}$/;

/**
 * Verifies a compact JWS: algorithm, signature (with the key the resolver finds), expiry and not-before,
 * issuer, audience, then the platform's claims (`sub`, `agency`, `roles`). Throws AuthenticationError
 * naming what failed.
 */
export async function verifyJwt(token: string, resolveKey: KeyResolver, options: VerifyOptions): Promise<Principal> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[0] || !parts[1]) {
    throw new AuthenticationError('malformed', 'the token is not a compact JWT (three base64url parts)');
  }
  const header = decodeJson(parts[0]) as JwtHeader | undefined;
  const claims = decodeJson(parts[1]);
  if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object') {
    throw new AuthenticationError('malformed', 'the token header or payload is not a JSON object');
  }
  if (!(ACCEPTED_ALGORITHMS as readonly string[]).includes(header.alg)) {
    throw new AuthenticationError(
      'algorithm',
      `alg '${String(header.alg)}' is not accepted (${ACCEPTED_ALGORITHMS.join(', ')})`,
    );
  }
  const key = await resolveKey(header);
  if (!signatureValid(header.alg as JwtAlgorithm, key, `${parts[0]}.${parts[1]}`, Buffer.from(parts[2], 'base64url'))) {
    throw new AuthenticationError('signature', 'the token signature does not verify against the issuer key');
  }

  const c = claims as Record<string, unknown>;
  const now = Math.floor((options.now ?? systemClock.now()).getTime() / 1000);
  const skew = options.clockToleranceSeconds;
  if (typeof c.exp !== 'number') throw new AuthenticationError('claims', 'the token has no exp claim');
  if (now - skew >= c.exp)
    throw new AuthenticationError('expired', `the token expired at ${new Date(c.exp * 1000).toISOString()}`);
  if (typeof c.nbf === 'number' && now + skew < c.nbf) {
    throw new AuthenticationError(
      'not-yet-valid',
      `the token is not valid before ${new Date(c.nbf * 1000).toISOString()}`,
    );
  }
  if (c.iss !== options.issuer)
    throw new AuthenticationError('issuer', `the token issuer is not the configured issuer`);
  const audiences = Array.isArray(c.aud) ? c.aud : [c.aud];
  if (!audiences.includes(options.audience)) {
    throw new AuthenticationError('audience', `the token audience does not include '${options.audience}'`);
  }
  if (typeof c.sub !== 'string' || c.sub.length === 0 || c.sub.length > 256) {
    throw new AuthenticationError('claims', 'the token has no sub claim');
  }
  if (typeof c.agency !== 'string' || !AGENCY_CLAIM.test(c.agency)) {
    throw new AuthenticationError('claims', 'the token has no agency claim (an agency code, A-Z and 0-9)');
  }
  const roles = Array.isArray(c.roles) ? [...new Set(c.roles.filter(isRole))] : [];
  if (roles.length === 0) {
    throw new AuthenticationError(
      'claims',
      'the token has no known role in its roles claim (reporter, approver, programme-office, viewer, admin)',
    );
  }
  return { sub: c.sub, agency: c.agency, roles, expiresAt: new Date(c.exp * 1000) };
}

function decodeJson(part: string): unknown {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return decoded;
  } catch {
    return undefined;
  }
}

function signatureValid(alg: JwtAlgorithm, key: KeyObject, signingInput: string, signature: Buffer): boolean {
  try {
    if (alg === 'RS256') {
      return key.asymmetricKeyType === 'rsa' && cryptoVerify('sha256', Buffer.from(signingInput), key, signature);
    }
    // ES256 signatures are r||s (IEEE P1363), not DER.
    return (
      key.asymmetricKeyType === 'ec' &&
      key.asymmetricKeyDetails?.namedCurve === 'prime256v1' &&
      cryptoVerify('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }, signature)
    );
  } catch {
    return false;
  }
}

/**
 * Signs a JWT. For development tools and tests only (the dev key in infra/dev-auth): in production the
 * OpenID Connect issuer mints tokens and the platform only verifies them.
 */
export function signJwt(
  claims: Record<string, unknown>,
  privateKey: KeyObject,
  options: { alg?: JwtAlgorithm; kid?: string } = {},
): string {
  const alg = options.alg ?? 'RS256';
  const header = { alg, typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) };
  const input = `${b64(header)}.${b64(claims)}`;
  const signature =
    alg === 'RS256'
      ? createSign('sha256').update(input).sign(privateKey)
      : cryptoSign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
