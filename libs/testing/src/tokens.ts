import { createPrivateKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DEV_AUTH_DIR = join(__dirname, '../../../infra/dev-auth');

/** The development-only issuer (infra/dev-auth/README.md) the test services trust. */
export const TEST_AUTH = {
  issuer: 'https://dev-auth.dxhub.invalid',
  audience: 'dxhub',
  publicKeyFile: join(DEV_AUTH_DIR, 'dev-public-key.pem'),
  kid: 'dxhub-dev-1',
};

let devKey: KeyObject | undefined;
let strangerKey: KeyObject | undefined;

/** The AUTH_* environment of a service under test: trusts the dev key, no rate limits unless a test sets one. */
export function testAuthEnv(): Record<string, string> {
  return {
    AUTH_ISSUER: TEST_AUTH.issuer,
    AUTH_AUDIENCE: TEST_AUTH.audience,
    AUTH_PUBLIC_KEY_FILE: TEST_AUTH.publicKeyFile,
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    RATE_LIMIT_READS_PER_MINUTE: '0',
  };
}

export interface MintOptions {
  agency: string;
  /** reporter, approver, programme-office, viewer, admin (others are ignored by the services). */
  roles: string[];
  sub?: string;
  /** Seconds until expiry; negative for an already expired token. */
  ttl?: number;
  issuer?: string;
  audience?: string;
  /** Sign with a freshly generated key the services do not trust. */
  foreignKey?: boolean;
  /** Extra or overriding claims. */
  claims?: Record<string, unknown>;
}

/** A bearer token from the dev issuer (or, with the options, one a service must refuse). */
export function mintToken(options: MintOptions): string {
  devKey ??= createPrivateKey(readFileSync(join(DEV_AUTH_DIR, 'dev-private-key.pem'), 'utf8'));
  if (options.foreignKey) strangerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const now = Math.floor(Date.now() / 1000);
  const ttl = options.ttl ?? 3600;
  return signJwt(
    {
      iss: options.issuer ?? TEST_AUTH.issuer,
      aud: options.audience ?? TEST_AUTH.audience,
      sub: options.sub ?? `test-${options.agency.toLowerCase()}`,
      agency: options.agency,
      roles: options.roles,
      iat: Math.min(now, now + ttl) - 60,
      exp: now + ttl,
      ...options.claims,
    },
    options.foreignKey ? (strangerKey as KeyObject) : devKey,
  );
}

// Signed here rather than with @dxhub/auth's signJwt: Jest's globalSetup loads this lib without the
// path aliases, so it imports nothing from other libs.
function signJwt(claims: Record<string, unknown>, key: KeyObject): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: TEST_AUTH.kid })}.${b64(claims)}`;
  return `${input}.${createSign('sha256').update(input).sign(key).toString('base64url')}`;
}

/** `{ authorization: 'Bearer …' }` for fetch. */
export function bearer(options: MintOptions): { authorization: string } {
  return { authorization: `Bearer ${mintToken(options)}` };
}
