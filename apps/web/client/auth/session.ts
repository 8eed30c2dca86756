/*
 * Who is signed in. With an OpenID Connect issuer (the platform's Keycloak, or any provider): authorization code
 * with PKCE (S256) at the issuer for the app's public client, tokens in this tab's sessionStorage, the access
 * token refreshed 30 s before it expires while the issuer's session lasts, and the sign-in page again when it
 * has ended. Without one (development): a token given once as `#token=<jwt>` (npm run token -- --dev).
 */

export interface Person {
  username: string;
  name: string;
  agency: string;
  roles: string[];
}

export interface Session {
  person: Person;
  accessToken(): string;
  /** The token was refused: sign in again. */
  expired(): void;
  signOut(): Promise<void>;
}

interface Stored {
  access?: string;
  refresh?: string;
  id?: string;
  expiresAt?: number;
  verifier?: string;
  state?: string;
  returnTo?: string;
}

interface Endpoints {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint: string;
}

const KEY = 'dxhub-web-oidc';
const DEV_KEY = 'dxhub-web-dev-token';
const DISCOVERY_KEY = 'dxhub-web-oidc-endpoints';
/** The page is leaving for the issuer or reloading: nothing else runs. */
const LEAVING = new Promise<never>(() => undefined);

const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));
const load = (): Stored => JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Stored;
const save = (value: Stored) => sessionStorage.setItem(KEY, JSON.stringify(value));

export function personOf(jwt: string): Person {
  const binary = atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
  // The payload is UTF-8: names such as Nguyễn Thị Lan.
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as Record<
    string,
    unknown
  >;
  const username = String(claims.preferred_username ?? claims.sub ?? '');
  const given = [claims.family_name, claims.given_name].filter(Boolean).join(' ');
  return {
    username,
    name: String(claims.name ?? (given || username)),
    agency: String(claims.agency ?? ''),
    roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
  };
}

/** Resolves with the session, or never when the page is on its way to the issuer (or back from it). */
export async function signIn(issuer: string, clientId: string, language: string): Promise<Session> {
  if (!issuer || !clientId) return developmentSession();
  const redirectUri = location.origin + '/';
  let endpoints: Endpoints | undefined;
  const discover = async (): Promise<Endpoints> => {
    if (endpoints) return endpoints;
    // The issuer's endpoints do not change within a session: asked once per tab, not on every page load.
    const cached = sessionStorage.getItem(DISCOVERY_KEY);
    if (cached) return (endpoints = JSON.parse(cached) as Endpoints);
    try {
      const r = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
      if (!r.ok) throw new Error(String(r.status));
      endpoints = (await r.json()) as Endpoints;
      sessionStorage.setItem(DISCOVERY_KEY, JSON.stringify(endpoints));
    } catch {
      // Keycloak's paths, should the discovery document be out of reach from the page.
      const base = issuer.replace(/\/$/, '') + '/protocol/openid-connect';
      endpoints = {
        authorization_endpoint: base + '/auth',
        token_endpoint: base + '/token',
        end_session_endpoint: base + '/logout',
      };
    }
    return endpoints;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (stored: Stored) => {
    clearTimeout(timer);
    timer = setTimeout(
      () => void tokenRequest({ grant_type: 'refresh_token', refresh_token: stored.refresh ?? '' }).catch(goSignIn),
      Math.max((stored.expiresAt ?? 0) - Date.now() - 30000, 1000),
    );
  };
  const tokenRequest = async (form: Record<string, string>): Promise<Stored> => {
    const r = await fetch((await discover()).token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, ...form }),
    });
    if (!r.ok) throw new Error('token endpoint: ' + r.status);
    const t = (await r.json()) as {
      access_token: string;
      refresh_token: string;
      id_token?: string;
      expires_in: number;
    };
    const stored: Stored = {
      access: t.access_token,
      refresh: t.refresh_token,
      id: t.id_token ?? load().id,
      expiresAt: Date.now() + t.expires_in * 1000,
    };
    save(stored);
    schedule(stored);
    return stored;
  };
  const goSignIn = async (): Promise<never> => {
    const verifier = random();
    const state = random();
    const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    save({ verifier, state, returnTo: location.pathname + location.search });
    const url = new URL((await discover()).authorization_endpoint);
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: 'openid',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ui_locales: language,
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    location.assign(url.toString());
    return LEAVING;
  };

  const stored = load();
  const query = new URLSearchParams(location.search);
  if (query.get('code') && query.get('state')) {
    if (query.get('state') !== stored.state) return goSignIn();
    const returnTo = stored.returnTo ?? '/';
    await tokenRequest({
      grant_type: 'authorization_code',
      code: query.get('code') ?? '',
      redirect_uri: redirectUri,
      code_verifier: stored.verifier ?? '',
    }).catch(goSignIn);
    // Back where the person was, without the code in the address (nor in the history).
    history.replaceState(null, '', returnTo);
  } else if (!stored.access || !stored.refresh) {
    return goSignIn();
  } else if ((stored.expiresAt ?? 0) - Date.now() < 30000) {
    await tokenRequest({ grant_type: 'refresh_token', refresh_token: stored.refresh }).catch(goSignIn);
  } else {
    schedule(stored);
  }
  return {
    person: personOf(load().access ?? ''),
    accessToken: () => load().access ?? '',
    expired: () => {
      sessionStorage.removeItem(KEY);
      void goSignIn();
    },
    signOut: async () => {
      const idToken = load().id;
      sessionStorage.removeItem(KEY);
      const url = new URL((await discover()).end_session_endpoint);
      url.searchParams.set('client_id', clientId);
      url.searchParams.set('post_logout_redirect_uri', redirectUri);
      if (idToken) url.searchParams.set('id_token_hint', idToken);
      location.assign(url.toString());
    },
  };
}

/** Development only: a token minted with the development key, given as `#token=<jwt>` once per tab. */
function developmentSession(): Promise<Session> {
  const hash = new URLSearchParams(location.hash.slice(1));
  const given = hash.get('token');
  if (given) {
    sessionStorage.setItem(DEV_KEY, given);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(DEV_KEY);
  if (!token) return Promise.reject(new NoTokenError());
  return Promise.resolve({
    person: personOf(token),
    accessToken: () => sessionStorage.getItem(DEV_KEY) ?? '',
    expired: () => {
      sessionStorage.removeItem(DEV_KEY);
      location.reload();
    },
    signOut: () => {
      sessionStorage.removeItem(DEV_KEY);
      location.assign('/');
      return LEAVING;
    },
  });
}

/** No issuer is configured and no development token was given. */
export class NoTokenError extends Error {
  constructor() {
    super('no sign-in is configured (WEB_OIDC_ISSUER) and no development token was given (#token=<jwt>)');
  }
}
