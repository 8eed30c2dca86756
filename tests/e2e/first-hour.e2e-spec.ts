import { waitFor } from '@dxhub/testing';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT, RunningPlatform } from './running-platform';

/*
 * A province's first hour, as a newcomer lives it: `npm start` on a machine where the database has never
 * existed (its script creates it, starts Keycloak from Maven Central and provisions the realm), `npm run demo`
 * fills the province, and a person opens the web app's dashboard in Chromium with no token: the provider's sign-in page
 * (authorization code with PKCE), the demo viewer's figures after signing in, and the sign-in page again after
 * signing out. Keycloak runs from this test's own data dir and port, and stops with the platform.
 */
const PORTS = { tasks: 3141, indicators: 3142, notifications: 3143, reporting: 3144, web: 3150 };
const KEYCLOAK_PORT = 3149;
const KEYCLOAK = `http://127.0.0.1:${KEYCLOAK_PORT}`;
const DASHBOARD = `http://127.0.0.1:${PORTS.web}/dashboard`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'tmp');
// Keycloak's first start on a new machine fetches ~177 MB and builds itself (about two minutes here).
const START_TIMEOUT_MS = 420000;

describe('first start on a new database, the demo province, and signing in to the web app', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium, or set CHROMIUM_PATH`);
    mkdirSync(SHOTS, { recursive: true });
    platform = await RunningPlatform.start('firsthour', PORTS, {
      freshDatabase: true,
      extraEnv: {
        // No configured issuer: npm start runs Keycloak and the services verify its tokens through its JWKS.
        AUTH_ISSUER: '',
        AUTH_AUDIENCE: '',
        AUTH_PUBLIC_KEY_FILE: '',
        KEYCLOAK_PORT: String(KEYCLOAK_PORT),
        KEYCLOAK_DATA_DIR: join(ROOT, 'tmp/keycloak-e2e'),
        LOG_LEVEL: 'info',
      },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await platform?.dispose();
  });

  it('comes up on a database that never existed and says where everything is, with no error on the way', () => {
    const printed = platform.printed();
    expect(printed).toMatch(/\[dxhub\] created the database dxhub_test_firsthour_[0-9a-f]{8}/);
    expect(printed).toMatch(/created the Keycloak realm 'http:\/\/127\.0\.0\.1:3149\/realms\/dxhub'/);
    expect(printed).toContain(`web app        http://127.0.0.1:${PORTS.web}`);
    expect(printed).toContain(`http://127.0.0.1:${PORTS.indicators}/docs`);
    expect(printed).toMatch(/demo\.viewer\s+viewer-dev\s+viewer of VPUBND/);
    expect(printed).toContain('npm run demo');
    // kafkajs's own lines (a topic another service created first, a partition leader still moving) reach the log
    // through libs/messaging's logger and are judged there; every other error or fatal line fails the start.
    const errors = printed
      .split('\n')
      .filter((l) => /"level":"(error|fatal)"/.test(l) && !l.includes('"logger":"kafkajs"'));
    expect(errors).toEqual([]);
  });

  it("lets a person sign in on each API docs page (OpenID Connect with PKCE, the realm's docs client)", async () => {
    const spec = (await (await fetch(`http://127.0.0.1:${PORTS.indicators}/openapi.json`)).json()) as {
      components: { securitySchemes: Record<string, { type: string; openIdConnectUrl?: string }> };
    };
    expect(spec.components.securitySchemes.signIn).toMatchObject({
      type: 'openIdConnect',
      openIdConnectUrl: `${KEYCLOAK}/realms/dxhub/.well-known/openid-configuration`,
    });
    const init = await (await fetch(`http://127.0.0.1:${PORTS.tasks}/docs/swagger-ui-init.js`)).text();
    expect(init).toMatch(/"clientId":\s*"dxhub-api-docs"/);
    expect(init).toMatch(/"usePkceWithAuthorizationCodeGrant":\s*true/);
    // The provider takes the docs page's redirect (an unregistered one would be refused with 400).
    const authorize = new URL(`${KEYCLOAK}/realms/dxhub/protocol/openid-connect/auth`);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: 'dxhub-api-docs',
      redirect_uri: `http://127.0.0.1:${PORTS.notifications}/docs/oauth2-redirect.html`,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }))
      authorize.searchParams.set(k, v);
    const page = await fetch(authorize);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="kc-login"');
    expect((await fetch(`http://127.0.0.1:${PORTS.notifications}/docs/oauth2-redirect.html`)).status).toBe(200);
  });

  it('fills the province with the demo history through Kafka and the REST API (npm run demo)', async () => {
    const run = await platform.runScript('scripts/demo.mjs', { KEYCLOAK_PORT: String(KEYCLOAK_PORT) });
    expect(run.stderr).toMatch(/published 4241 reports and 130 corrections \(4241 figures\)/);
    expect(run.stderr).toMatch(/approved \d+ figures \(4 after a return\)/);
    expect(run.stderr).toContain('the demo province is ready');
    expect(run.status).toBe(0);
  });

  it('sends a person without a token to the sign-in page (code + PKCE) and shows the demo viewer the province', async () => {
    await page.goto(`${DASHBOARD}?period=2024`);
    await page.waitForURL((url) => url.toString().startsWith(`${KEYCLOAK}/realms/dxhub/protocol/openid-connect/auth`));
    const authorize = new URL(page.url());
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('client_id')).toBe('dxhub-web');

    await page.fill('#username', 'demo.viewer');
    await page.fill('#password', 'viewer-dev');
    await page.click('#kc-login');
    await page.waitForURL((url) => url.toString().startsWith(DASHBOARD) && !url.searchParams.has('code'));
    await page.waitForSelector('[data-screen="dashboard-overview"][data-loaded="true"]', { timeout: 60000 });
    // The name Keycloak holds, in Vietnamese, and the agency of the token.
    expect(await page.textContent('[data-testid="person"]')).toBe('Hoa Phạm Thị · VPUBND');
    // The demo province's 2024 figures: the overall score and the indicators' values.
    expect(await page.getAttribute('[data-testid="overall-score"]', 'data-value')).toMatch(/^0\.\d+$/);
    const filled = await page.locator('[data-testid="indicator-value"][data-value]:not([data-value=""])').count();
    expect(filled).toBeGreaterThanOrEqual(8); // of the first page's 10 rows: the demo's 2024 figures fill them
    await page.screenshot({ path: join(SHOTS, 'first-hour-signed-in.png'), fullPage: true });
  });

  it('refreshes the token before it expires, while the session lasts, without asking to sign in', async () => {
    const stored = () =>
      page.evaluate('JSON.parse(sessionStorage.getItem("dxhub-web-oidc"))') as Promise<{
        access: string;
        expiresAt: number;
      }>;
    const before = await stored();
    // As if the five-minute token were about to run out: the page refreshes it at the token endpoint.
    await page.evaluate(
      '(() => { const s = JSON.parse(sessionStorage.getItem("dxhub-web-oidc")); s.expiresAt = Date.now() + 5000; sessionStorage.setItem("dxhub-web-oidc", JSON.stringify(s)); })()',
    );
    const refreshed = page.waitForRequest(
      (r) =>
        r.url().endsWith('/protocol/openid-connect/token') && (r.postData() ?? '').includes('grant_type=refresh_token'),
    );
    await page.reload();
    await refreshed;
    await waitFor(
      async () => ((await stored()).access !== before.access ? true : undefined),
      30000,
      'a new access token',
    );
    await page.waitForSelector('[data-screen="dashboard-overview"][data-loaded="true"]', { timeout: 60000 });
    expect(page.url().startsWith(DASHBOARD)).toBe(true);
    expect((await stored()).expiresAt).toBeGreaterThan(Date.now() + 60000);
  });

  it('signs out at the provider and, with the session gone, asks to sign in again', async () => {
    await page.click('[data-testid="sign-out"]');
    await page.waitForURL((url) => url.toString().startsWith(`${KEYCLOAK}/realms/dxhub/protocol/openid-connect/auth`));
    await page.waitForSelector('#username');
    expect(await page.evaluate('sessionStorage.getItem("dxhub-web-oidc")')).toBeNull();
    // Opening the dashboard again does not slip through on an old session.
    await page.goto(DASHBOARD);
    await page.waitForSelector('#kc-login');
    expect(page.url().startsWith(KEYCLOAK)).toBe(true);
  });
});
