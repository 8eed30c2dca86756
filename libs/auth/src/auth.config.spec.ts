import { loadConfig } from '@dxhub/config';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthConfig } from './auth.config';
import { DEVELOPMENT_ISSUER, DEVELOPMENT_KEY_SHA256, publicKeyFingerprint } from './development-identity';

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

describe('AuthConfig in production', () => {
  const devPem = readFileSync(join(__dirname, '../../../infra/dev-auth/dev-public-key.pem'), 'utf8');

  it('knows the development key by its fingerprint', () => {
    expect(publicKeyFingerprint(devPem)).toBe(DEVELOPMENT_KEY_SHA256);
    expect(publicKeyFingerprint(pem)).not.toBe(DEVELOPMENT_KEY_SHA256);
  });

  it('refuses the development issuer and key, and http key sets, only when NODE_ENV=production', () => {
    const prod = { NODE_ENV: 'production' };
    expect(() =>
      loadConfig(AuthConfig, { ...base, ...prod, AUTH_ISSUER: DEVELOPMENT_ISSUER, AUTH_PUBLIC_KEY: pem }),
    ).toThrow(/AUTH_ISSUER: NODE_ENV=production refuses the development issuer/);
    expect(() => loadConfig(AuthConfig, { ...base, ...prod, AUTH_PUBLIC_KEY: devPem })).toThrow(/development key/);
    expect(() => loadConfig(AuthConfig, { ...base, ...prod, AUTH_JWKS_URL: 'http://id.example/jwks' })).toThrow(
      /AUTH_JWKS_URL: NODE_ENV=production refuses a plain-http/,
    );
    expect(loadConfig(AuthConfig, { ...base, ...prod, AUTH_JWKS_URL: 'https://id.example/jwks' }).AUTH_ISSUER).toBe(
      'https://id.example',
    );
    expect(
      loadConfig(AuthConfig, { ...base, AUTH_ISSUER: DEVELOPMENT_ISSUER, AUTH_PUBLIC_KEY: devPem }).AUTH_ISSUER,
    ).toBe(DEVELOPMENT_ISSUER);
  });

  it('takes a named, logged waiver and refuses an unknown one', () => {
    const env = { ...base, NODE_ENV: 'production', AUTH_JWKS_URL: 'http://id.example/jwks' };
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(loadConfig(AuthConfig, { ...env, DXHUB_INSECURE_OVERRIDES: 'http-jwks' }).AUTH_JWKS_URL).toBe(
        'http://id.example/jwks',
      );
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining('"check":"http-jwks"'));
    } finally {
      stderr.mockRestore();
    }
    expect(() => loadConfig(AuthConfig, { ...env, DXHUB_INSECURE_OVERRIDES: 'everything' })).toThrow(
      /DXHUB_INSECURE_OVERRIDES: .*unknown checks \(everything\)/,
    );
  });
});
