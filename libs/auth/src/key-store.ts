import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { AuthenticationError } from './auth-errors';
import type { JwtHeader, KeyResolver } from './jwt';

/** A configured PEM public key: every token is checked against it, whatever its kid. */
export function staticKeyResolver(pem: string): KeyResolver {
  const key = createPublicKey(pem);
  return () => Promise.resolve(key);
}

export interface JwksOptions {
  /** How long a fetched key set is used before it is fetched again. */
  cacheMs: number;
  /** Least time between two fetches caused by an unknown kid, so forged kids can't flood the issuer. */
  minRefetchIntervalMs: number;
  fetchTimeoutMs?: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

/**
 * Keys from the issuer's JWKS endpoint, cached. A token with a kid not in the cached set triggers one
 * refetch (key rotation) unless one happened within minRefetchIntervalMs; concurrent misses share it.
 */
export class JwksKeyStore {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = -Infinity;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly options: JwksOptions,
  ) {}

  readonly resolve: KeyResolver = async (header: JwtHeader) => {
    const now = this.now();
    if (now - this.fetchedAt > this.options.cacheMs) await this.refresh();
    let key = this.find(header);
    if (!key && this.now() - this.fetchedAt >= this.options.minRefetchIntervalMs) {
      await this.refresh();
      key = this.find(header);
    }
    if (!key)
      throw new AuthenticationError(
        'unknown-key',
        `no key${header.kid ? ` with kid '${header.kid}'` : ''} in the issuer's key set`,
      );
    return key;
  };

  /** How many fetches so far (for tests and metrics). */
  fetches = 0;

  private find(header: JwtHeader): KeyObject | undefined {
    if (header.kid) return this.keys.get(header.kid);
    // No kid: only unambiguous with a single key.
    return this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async load(): Promise<void> {
    this.fetches += 1;
    const fetchImpl = this.options.fetchImpl ?? fetch;
    try {
      const res = await fetchImpl(this.url, { signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? 5000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { keys?: (JsonWebKey & { kid?: string; use?: string })[] };
      const keys = new Map<string, KeyObject>();
      (body.keys ?? []).forEach((jwk, i) => {
        if (jwk.use && jwk.use !== 'sig') return;
        try {
          keys.set(jwk.kid ?? `#${i}`, createPublicKey({ key: jwk, format: 'jwk' }));
        } catch {
          // A key we can't read (another kty) is skipped; tokens signed with it fail as unknown-key.
        }
      });
      this.keys = keys;
      this.fetchedAt = this.now();
    } catch (error) {
      // Keep the last good keys; try again after the refetch interval rather than on every request.
      this.fetchedAt = Math.max(this.fetchedAt, this.now() - this.options.cacheMs + this.options.minRefetchIntervalMs);
      if (this.keys.size === 0) {
        throw new AuthenticationError(
          'unknown-key',
          `the issuer's key set could not be fetched: ${(error as Error).message}`,
        );
      }
    }
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }
}
