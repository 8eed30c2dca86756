import { loadConfig } from '@dxhub/config';
import { generateKeyPairSync } from 'node:crypto';
import { AuthConfig } from './auth.config';

const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();
const base = { AUTH_ISSUER: 'https://id.example', AUTH_AUDIENCE: 'dxhub' };

describe('AuthConfig', () => {
  it('needs an issuer, an audience and exactly one key source', () => {
    expect(() => loadConfig(AuthConfig, {})).toThrow(
      /AUTH_ISSUER: .*AUTH_AUDIENCE: .*AUTH_JWKS_URL: set exactly one of/,
    );
    expect(() =>
      loadConfig(AuthConfig, { ...base, AUTH_JWKS_URL: 'https://id.example/jwks', AUTH_PUBLIC_KEY: pem }),
    ).toThrow(/exactly one/);
    expect(loadConfig(AuthConfig, { ...base, AUTH_JWKS_URL: 'https://id.example/jwks' }).AUTH_ANONYMOUS_READ).toBe(
      false,
    );
    expect(
      loadConfig(AuthConfig, { ...base, AUTH_PUBLIC_KEY: pem, AUTH_ANONYMOUS_READ: 'true' }).AUTH_ANONYMOUS_READ,
    ).toBe(true);
  });

  it('refuses a key that does not parse or a file that is missing, without echoing the key', () => {
    expect(() => loadConfig(AuthConfig, { ...base, AUTH_PUBLIC_KEY: 'secret-looking-garbage' })).toThrow(
      /AUTH_JWKS_URL: the public key \(PEM\) could not be read/,
    );
    try {
      loadConfig(AuthConfig, { ...base, AUTH_PUBLIC_KEY: 'secret-looking-garbage' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-looking-garbage');
    }
    expect(() => loadConfig(AuthConfig, { ...base, AUTH_PUBLIC_KEY_FILE: '/no/such/key.pem' })).toThrow(
      /could not be read/,
    );
    expect(() => loadConfig(AuthConfig, { ...base, AUTH_JWKS_URL: 'ftp://x' })).toThrow(/http\(s\) URL/);
  });
});
