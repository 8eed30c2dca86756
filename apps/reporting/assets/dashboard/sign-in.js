/* exported oidcSignIn */
/*
 * Sign-in with OpenID Connect: authorization code with PKCE (S256) at the issuer, for the public client the
 * reporting service names. Tokens stay in this tab's sessionStorage; the access token is refreshed a
 * little before it expires while the issuer's session lasts, and when the session has ended the person is
 * sent back to sign in. Returns undefined when the page runs without sign-in, and null while the page is
 * on its way to the issuer or back (nothing else should run then).
 */
function oidcSignIn(issuer, clientId) {
  if (!issuer || !clientId) return undefined;
  const KEY = 'dxhub-oidc';
  const redirectUri = location.origin + location.pathname;
  const b64url = (bytes) =>
    btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));
  const claims = (jwt) => JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  const load = () => JSON.parse(sessionStorage.getItem(KEY) || '{}');
  const save = (value) => sessionStorage.setItem(KEY, JSON.stringify(value));
  let endpoints;
  const discover = async () => {
    if (endpoints) return endpoints;
    try {
      const r = await fetch(issuer + '/.well-known/openid-configuration');
      if (!r.ok) throw new Error(String(r.status));
      endpoints = await r.json();
    } catch {
      // Keycloak's paths, should the discovery document be out of reach from the page.
      const base = issuer + '/protocol/openid-connect';
      endpoints = {
        authorization_endpoint: base + '/auth',
        token_endpoint: base + '/token',
        end_session_endpoint: base + '/logout',
      };
    }
    return endpoints;
  };
  const tokenRequest = async (form) => {
    const r = await fetch((await discover()).token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(Object.assign({ client_id: clientId }, form)),
    });
    if (!r.ok) throw new Error('token endpoint: ' + r.status);
    const t = await r.json();
    const stored = {
      access: t.access_token,
      refresh: t.refresh_token,
      id: t.id_token || load().id,
      expiresAt: Date.now() + t.expires_in * 1000,
    };
    save(stored);
    schedule(stored);
    return stored;
  };
  const goSignIn = async () => {
    const verifier = random();
    const state = random();
    const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    save({ verifier, state, returnTo: location.pathname + location.search });
    const url = new URL((await discover()).authorization_endpoint);
    const params = {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: 'openid',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ui_locales: localStorage.getItem('dxhub-lang') || 'vi',
    };
    Object.entries(params).forEach(([k, v]) => url.searchParams.set(k, v));
    location.assign(url.toString());
    return new Promise(() => {}); // the page is leaving
  };
  let timer;
  const schedule = (stored) => {
    clearTimeout(timer);
    // Refresh 30 s before expiry; a refused refresh means the session is over: sign in again.
    timer = setTimeout(
      () => tokenRequest({ grant_type: 'refresh_token', refresh_token: stored.refresh }).catch(goSignIn),
      Math.max(stored.expiresAt - Date.now() - 30000, 1000),
    );
  };
  const stored = load();
  const query = new URLSearchParams(location.search);
  if (query.get('code') && query.get('state')) {
    if (query.get('state') !== stored.state) {
      goSignIn();
      return null;
    }
    history.replaceState(null, '', stored.returnTo || location.pathname);
    const exchanged = tokenRequest({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: redirectUri,
      code_verifier: stored.verifier,
    }).catch(goSignIn);
    // Nothing else may run before the exchange: the page reloads itself with its token in storage.
    exchanged.then(() => location.replace(stored.returnTo || location.pathname));
    return null;
  }
  if (!stored.access || !stored.refresh) {
    goSignIn();
    return null;
  }
  if (stored.expiresAt - Date.now() < 30000) {
    tokenRequest({ grant_type: 'refresh_token', refresh_token: stored.refresh })
      .then(() => location.reload())
      .catch(goSignIn);
    return null;
  }
  schedule(stored);
  const person = claims(stored.access);
  return {
    accessToken: () => load().access,
    who: () => (person.preferred_username || person.sub) + ' · ' + person.agency,
    expired: () => {
      sessionStorage.removeItem(KEY);
      goSignIn();
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
