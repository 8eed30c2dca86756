import { generateKeyPairSync } from 'node:crypto';
import { AuthenticationError } from './auth-errors';
import { JwksKeyStore } from './key-store';

const k1 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const k2 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const jwk = (key: typeof k1, kid: string) => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' });

function issuer(initial: ReturnType<typeof jwk>[]) {
  const state = { keys: initial, calls: 0, t: 0 };
  const fetchImpl = (() => {
    state.calls += 1;
    return Promise.resolve(new Response(JSON.stringify({ keys: state.keys }), { status: 200 }));
  }) as typeof fetch;
  const store = new JwksKeyStore('https://id.example/jwks', {
    cacheMs: 600000,
    minRefetchIntervalMs: 30000,
    fetchImpl,
    now: () => state.t,
  });
  return { state, store };
}

describe('JwksKeyStore', () => {
  it('fetches once and serves keys by kid from the cache', async () => {
    const { state, store } = issuer([jwk(k1, 'a')]);
    await store.resolve({ alg: 'RS256', kid: 'a' });
    await store.resolve({ alg: 'RS256', kid: 'a' });
    expect(state.calls).toBe(1);
  });

  it('refetches on an unknown kid (rotation), but not more often than the minimum interval', async () => {
    const { state, store } = issuer([jwk(k1, 'a')]);
    await store.resolve({ alg: 'RS256', kid: 'a' });
    state.keys = [jwk(k1, 'a'), jwk(k2, 'b')];
    state.t = 31000;
    expect((await store.resolve({ alg: 'RS256', kid: 'b' })).equals(k2)).toBe(true);
    expect(state.calls).toBe(2);
    state.t = 32000;
    await expect(store.resolve({ alg: 'RS256', kid: 'forged' })).rejects.toBeInstanceOf(AuthenticationError);
    await expect(store.resolve({ alg: 'RS256', kid: 'forged-2' })).rejects.toBeInstanceOf(AuthenticationError);
    expect(state.calls).toBe(2);
  });

  it('refetches after the cache time', async () => {
    const { state, store } = issuer([jwk(k1, 'a')]);
    await store.resolve({ alg: 'RS256', kid: 'a' });
    state.t = 600001;
    await store.resolve({ alg: 'RS256', kid: 'a' });
    expect(state.calls).toBe(2);
  });
});
