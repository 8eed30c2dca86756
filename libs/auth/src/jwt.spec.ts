import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AuthenticationError } from './auth-errors';
import { signJwt, verifyJwt } from './jwt';
import { staticKeyResolver } from './key-store';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();

const NOW = new Date('2026-11-27T10:00:00Z');
const nowS = NOW.getTime() / 1000;
const options = { issuer: 'https://id.example/dxhub', audience: 'dxhub', clockToleranceSeconds: 30, now: NOW };
const claims = (over: Record<string, unknown> = {}) => ({
  iss: options.issuer,
  aud: 'dxhub',
  sub: 'u-1',
  agency: 'STTTT',
  roles: ['reporter', 'something-else'],
  iat: nowS - 10,
  exp: nowS + 600,
  ...over,
});

async function reason(token: string, key = rsa.publicKey): Promise<string> {
  try {
    await verifyJwt(token, staticKeyResolver(pem(key)), options);
    return 'accepted';
  } catch (error) {
    if (error instanceof AuthenticationError) return error.reason;
    throw error;
  }
}

describe('verifyJwt', () => {
  it('accepts a good RS256 token and returns the principal with known roles only', async () => {
    const principal = await verifyJwt(
      signJwt(claims(), rsa.privateKey),
      staticKeyResolver(pem(rsa.publicKey)),
      options,
    );
    expect(principal).toEqual({
      sub: 'u-1',
      agency: 'STTTT',
      roles: ['reporter'],
      expiresAt: new Date((claims().exp as number) * 1000),
    });
  });

  it('accepts ES256 and an audience array', async () => {
    const token = signJwt(claims({ aud: ['other', 'dxhub'] }), ec.privateKey, { alg: 'ES256' });
    expect(await reason(token, ec.publicKey)).toBe('accepted');
  });

  it.each([
    ['expired', claims({ exp: nowS - 31 })],
    ['issuer', claims({ iss: 'https://evil.example' })],
    ['audience', claims({ aud: 'someone-else' })],
    ['not-yet-valid', claims({ nbf: nowS + 120 })],
    ['claims', claims({ exp: undefined })],
    ['claims', claims({ agency: 'sttt t' })],
    ['claims', claims({ roles: ['root'] })],
    ['claims', claims({ sub: '' })],
  ])('refuses with reason %s', async (expected, c) => {
    expect(await reason(signJwt(c, rsa.privateKey))).toBe(expected);
  });

  it('tolerates clock skew within the configured seconds', async () => {
    expect(await reason(signJwt(claims({ exp: nowS - 20 }), rsa.privateKey))).toBe('accepted');
  });

  it('refuses a token signed with another key', async () => {
    expect(await reason(signJwt(claims(), otherRsa.privateKey))).toBe('signature');
  });

  it('refuses alg none, HS256 and an ES256 token against an RSA key', async () => {
    const body = Buffer.from(JSON.stringify(claims())).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    const hs = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${body}.c2ln`;
    expect(await reason(none)).toBe('algorithm');
    expect(await reason(hs)).toBe('algorithm');
    expect(await reason(signJwt(claims(), ec.privateKey, { alg: 'ES256' }))).toBe('signature');
  });

  it('refuses a tampered payload and garbage', async () => {
    const [h, , s] = signJwt(claims(), rsa.privateKey).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ agency: 'SYT', roles: ['admin'] }))).toString('base64url');
    expect(await reason(`${h}.${forged}.${s}`)).toBe('signature');
    expect(await reason('not-a-jwt')).toBe('malformed');
    expect(await reason('a.b.c')).toBe('malformed');
  });
});
