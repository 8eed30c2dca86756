// The local identity provider of `npm start`: Keycloak (infra/keycloak/keycloak.sh) and its realm, provisioned
// as code from the seeds. Everything secret here is a DEVELOPMENT-ONLY value printed on the first screen; a
// production realm is set up as docs/identity.md describes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './platform.mjs';

export const REALM = 'dxhub';
/** The audience every platform token carries (AUTH_AUDIENCE). */
export const AUDIENCE = 'dxhub';
/** Public client of the web app (apps/web): authorization code with PKCE (S256). */
export const WEB_CLIENT_ID = 'dxhub-web';
/** Public client of the services' API docs pages (`/docs`, Swagger UI's sign-in): authorization code with PKCE. */
export const API_DOCS_CLIENT_ID = 'dxhub-api-docs';
/** Confidential client of services and scripts (`npm run token`, `npm run demo`). */
export const SCRIPTS_CLIENT = { id: 'dxhub-scripts', secret: 'dxhub-scripts-dev-secret' };
/** The master realm's first administrator, created by Keycloak at its first start. DEVELOPMENT ONLY. */
export const ADMIN = {
  username: process.env.KEYCLOAK_ADMIN_USERNAME ?? 'admin',
  password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
};

/** One demo user per role. Their passwords are for local development only and printed by `npm start`. */
export const DEMO_USERS = [
  { username: 'demo.reporter', role: 'reporter', agency: 'SKHCN', firstName: 'Lan', lastName: 'Nguyễn Thị' },
  { username: 'demo.approver', role: 'approver', agency: 'SKHCN', firstName: 'Minh', lastName: 'Trần Văn' },
  { username: 'demo.programme', role: 'programme-office', agency: 'SKHCN', firstName: 'Hùng', lastName: 'Lê Quốc' },
  { username: 'demo.viewer', role: 'viewer', agency: 'VPUBND', firstName: 'Hoa', lastName: 'Phạm Thị' },
  { username: 'demo.admin', role: 'admin', agency: 'SKHCN', firstName: 'Dũng', lastName: 'Võ Anh' },
].map((u) => ({ ...u, password: `${u.username.split('.')[1]}-dev` }));

const ROLES = ['reporter', 'approver', 'programme-office', 'viewer', 'admin'];

/** The claims DX Hub services read, on both clients' tokens: aud dxhub, agency and roles. */
const CLAIM_MAPPERS = [
  {
    name: 'audience dxhub',
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    config: { 'included.custom.audience': AUDIENCE, 'access.token.claim': 'true', 'id.token.claim': 'false' },
  },
  {
    name: 'agency',
    protocol: 'openid-connect',
    protocolMapper: 'oidc-usermodel-attribute-mapper',
    // From the user's agency group (aggregate.attrs), so an agency is assigned by group membership.
    config: {
      'user.attribute': 'agency',
      'claim.name': 'agency',
      'jsonType.label': 'String',
      'aggregate.attrs': 'true',
      multivalued: 'false',
      'access.token.claim': 'true',
      'id.token.claim': 'true',
      'userinfo.token.claim': 'true',
    },
  },
  {
    name: 'roles',
    protocol: 'openid-connect',
    protocolMapper: 'oidc-usermodel-realm-role-mapper',
    config: {
      'claim.name': 'roles',
      'jsonType.label': 'String',
      multivalued: 'true',
      'access.token.claim': 'true',
      'id.token.claim': 'true',
      'userinfo.token.claim': 'true',
    },
  },
];

export const keycloakUrl = (port) => `http://127.0.0.1:${port}`;
export const issuerOf = (baseUrl) => `${baseUrl}/realms/${REALM}`;

/** The services' AUTH_* settings for tokens of this realm: verified through its JWKS, as in production. */
export function authEnvFor(baseUrl) {
  return {
    AUTH_ISSUER: issuerOf(baseUrl),
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_JWKS_URL: `${issuerOf(baseUrl)}/protocol/openid-connect/certs`,
  };
}

/**
 * The realm: the five roles, one group per seeded agency (its `agency` attribute becomes the token's `agency`
 * claim), the two clients, the claims the services read (`aud` dxhub, `agency`, `roles`) and the demo users.
 * `pageOrigins` are where the platform serves the web app (apps/web) and `apiOrigins` every
 * service's origin (their `/docs` pages), allowed to redirect there and to call the token endpoint from there.
 */
export function realmRepresentation({ pageOrigins, apiOrigins = [] }) {
  const agencies = JSON.parse(readFileSync(join(ROOT, 'seeds/agencies.json'), 'utf8'));
  const realm = {
    realm: REALM,
    displayName: 'DX Hub',
    displayNameHtml: 'DX Hub · Chuyển đổi số',
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    loginWithEmailAllowed: false,
    internationalizationEnabled: true,
    supportedLocales: ['vi', 'en'],
    defaultLocale: 'vi',
    // Five-minute access tokens, refreshed by the page while the session lasts (30 min idle, 10 h at most).
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36000,
    roles: { realm: ROLES.map((name) => ({ name, description: `DX Hub role ${name}` })) },
    groups: agencies.map((a) => ({
      name: a.code,
      attributes: { agency: [a.code], nameVi: [a.nameVi], nameEn: [a.nameEn] },
    })),
    clients: [
      {
        clientId: WEB_CLIENT_ID,
        name: 'DX Hub web app',
        publicClient: true,
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        implicitFlowEnabled: false,
        redirectUris: pageOrigins.map((o) => `${o}/*`),
        webOrigins: pageOrigins,
        attributes: {
          'pkce.code.challenge.method': 'S256',
          'post.logout.redirect.uris': pageOrigins.map((o) => `${o}/*`).join('##'),
        },
        protocolMappers: CLAIM_MAPPERS,
      },
      {
        clientId: API_DOCS_CLIENT_ID,
        name: 'DX Hub API docs',
        publicClient: true,
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        implicitFlowEnabled: false,
        redirectUris: apiOrigins.map((o) => `${o}/docs/oauth2-redirect.html`),
        webOrigins: apiOrigins,
        attributes: { 'pkce.code.challenge.method': 'S256' },
        protocolMappers: CLAIM_MAPPERS,
      },
      {
        clientId: SCRIPTS_CLIENT.id,
        name: 'DX Hub services and scripts',
        publicClient: false,
        secret: SCRIPTS_CLIENT.secret,
        standardFlowEnabled: false,
        // Scripts sign in as a named user (npm run token, the demo); the service account manages those users.
        directAccessGrantsEnabled: true,
        serviceAccountsEnabled: true,
        protocolMappers: CLAIM_MAPPERS,
      },
    ],
    users: [
      {
        username: `service-account-${SCRIPTS_CLIENT.id}`,
        enabled: true,
        serviceAccountClientId: SCRIPTS_CLIENT.id,
        clientRoles: { 'realm-management': ['manage-users', 'view-users', 'query-groups', 'view-realm'] },
      },
      ...DEMO_USERS.map((u) => userRepresentation(u.username, u.password, u.agency, [u.role], u)),
    ],
  };
  const digest = createHash('sha256').update(JSON.stringify(realm)).digest('hex');
  return { ...realm, attributes: { 'dxhub.provisioning-digest': digest } };
}

function userRepresentation(username, password, agency, roles, names = {}) {
  return {
    username,
    enabled: true,
    email: `${username}@dxhub.invalid`,
    emailVerified: true,
    firstName: names.firstName ?? username,
    lastName: names.lastName ?? agency,
    credentials: [{ type: 'password', value: password, temporary: false }],
    realmRoles: roles,
    groups: [`/${agency}`],
  };
}

async function call(url, init = {}) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30000) });
  const text = await res.text();
  if (!res.ok) {
    const error = new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text.slice(0, 300)}`);
    error.status = res.status;
    throw error;
  }
  return text ? JSON.parse(text) : undefined;
}

async function tokenRequest(baseUrl, realm, form) {
  const body = await call(`${baseUrl}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return body.access_token;
}

/**
 * Creates the realm when it is missing, and replaces it when its definition changed since (the digest of the
 * representation is kept as a realm attribute). Returns what it did: 'created', 'replaced' or 'unchanged'.
 */
export async function provisionRealm(baseUrl, representation) {
  const admin = await tokenRequest(baseUrl, 'master', {
    grant_type: 'password',
    client_id: 'admin-cli',
    username: ADMIN.username,
    password: ADMIN.password,
  });
  const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
  let existing;
  try {
    existing = await call(`${baseUrl}/admin/realms/${REALM}`, { headers });
  } catch (error) {
    if (error.status !== 404) throw error;
  }
  const wanted = representation.attributes['dxhub.provisioning-digest'];
  if (existing?.attributes?.['dxhub.provisioning-digest'] === wanted) return 'unchanged';
  if (existing) await call(`${baseUrl}/admin/realms/${REALM}`, { method: 'DELETE', headers });
  await call(`${baseUrl}/admin/realms`, { method: 'POST', headers, body: JSON.stringify(representation) });
  return existing ? 'replaced' : 'created';
}

/** True when the realm's discovery document answers at baseUrl (`realm`: another realm's, e.g. `master`). */
export async function realmAnswers(baseUrl, realm = REALM) {
  try {
    const res = await fetch(`${baseUrl}/realms/${realm}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(3000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** A real access token for a user of the realm (password grant through the scripts client). */
export function userToken(baseUrl, username, password) {
  return tokenRequest(baseUrl, REALM, {
    grant_type: 'password',
    client_id: SCRIPTS_CLIENT.id,
    client_secret: SCRIPTS_CLIENT.secret,
    scope: 'openid',
    username,
    password,
  });
}

/**
 * A real access token for an agency acting in some roles: signs in as the development user
 * `dev.<agency>.<roles>`, creating it first (through the scripts client's service account) when missing.
 */
export async function agencyToken(baseUrl, agency, roles) {
  const username = `dev.${agency}.${[...roles].sort().join('+')}`.toLowerCase();
  const password = `${username}-dev`;
  try {
    return await userToken(baseUrl, username, password);
  } catch (error) {
    // 400 invalid_grant: no such user yet (or another password): create it below.
    if (error.status !== 400 && error.status !== 401) throw error;
  }
  const manager = await tokenRequest(baseUrl, REALM, {
    grant_type: 'client_credentials',
    client_id: SCRIPTS_CLIENT.id,
    client_secret: SCRIPTS_CLIENT.secret,
  });
  const headers = { authorization: `Bearer ${manager}`, 'content-type': 'application/json' };
  try {
    await call(`${baseUrl}/admin/realms/${REALM}/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify(userRepresentation(username, password, agency, roles)),
    });
  } catch (error) {
    // 409: created meanwhile by another caller; the sign-in below settles it.
    if (error.status !== 409) throw error;
  }
  // A user created through the API gets no realm roles or groups from its representation: set them.
  const [user] = await call(`${baseUrl}/admin/realms/${REALM}/users?exact=true&username=${username}`, { headers });
  const roleReps = await Promise.all(
    roles.map((r) => call(`${baseUrl}/admin/realms/${REALM}/roles/${r}`, { headers })),
  );
  await call(`${baseUrl}/admin/realms/${REALM}/users/${user.id}/role-mappings/realm`, {
    method: 'POST',
    headers,
    body: JSON.stringify(roleReps),
  });
  const [group] = await call(
    `${baseUrl}/admin/realms/${REALM}/groups?exact=true&search=${encodeURIComponent(agency)}`,
    { headers },
  );
  if (!group) throw new Error(`no group for agency ${agency} in realm ${REALM}`);
  await call(`${baseUrl}/admin/realms/${REALM}/users/${user.id}/groups/${group.id}`, { method: 'PUT', headers });
  return userToken(baseUrl, username, password);
}
