import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ROOT } from '../running-platform';

/*
 * The web app as people meet it, for the journeys: Debian's Chromium driven by playwright-core (it downloads no
 * browser), a person signed in at the platform's Keycloak in a browser context of their own, and each screen
 * checked the same way: its data loaded (time to `[data-loaded]`), axe-core's verdict, and screenshots at
 * desktop and phone width kept in tmp/web-screens/.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'tmp', 'web-screens');
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (npm test does it), or set CHROMIUM_PATH`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface Person {
  username: string;
  password: string;
}

/** A person of their own (own cookies and storage), signed in at Keycloak from the app's first page. */
export async function signedIn(
  browser: Browser,
  app: string,
  keycloak: string,
  person: Person,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${app}/dashboard`);
  await page.waitForURL((url) => url.toString().startsWith(`${keycloak}/realms/dxhub/protocol/openid-connect/auth`));
  await page.fill('#username', person.username);
  await page.fill('#password', person.password);
  await page.click('#kc-login');
  await page.waitForURL((url) => url.toString().startsWith(app) && !url.searchParams.has('code'));
  await page.waitForSelector('[data-testid="person"]');
  return { context, page, errors };
}

/** What axe-core finds on the page as it is now: violations of serious or critical impact only. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

export interface ScreenCheck {
  screen: string;
  role: string;
  path: string;
  /** From navigation to the screen's data on the page (`[data-loaded]`), in ms. */
  loadMs: number;
  violations: { id: string; impact: string; targets: string[] }[];
  /** The page's width on a 390-pixel phone: more means a person must scroll sideways. */
  phoneScrollWidth: number;
  screenshots: string[];
}

const checks: ScreenCheck[] = [];

/**
 * Opens a screen by its address (a reload, as a shared link or the back button would), waits for its data,
 * then checks accessibility and takes its screenshots at desktop and phone width. The load time is recorded,
 * not asserted: it is a measurement (tmp/web-screens/load-times.json), read beside the machine it ran on.
 */
export async function checkScreen(page: Page, role: string, screen: string, path: string): Promise<ScreenCheck> {
  const app = new URL(page.url()).origin;
  await page.setViewportSize(DESKTOP);
  const started = Date.now();
  await page.goto(`${app}${path}`);
  await page.waitForSelector(`[data-screen="${screen}"][data-loaded="true"]`, { timeout: 30000 });
  const loadMs = Date.now() - started;
  const violations = await seriousViolations(page);
  const desktop = join(SCREENSHOTS, `${role}-${screen}-desktop.png`);
  await page.screenshot({ path: desktop, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(300); // the layout settles at the new width (the menu folds into a drawer)
  const phone = join(SCREENSHOTS, `${role}-${screen}-phone.png`);
  await page.screenshot({ path: phone, fullPage: true });
  const phoneViolations = await seriousViolations(page);
  const phoneScrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  await page.setViewportSize(DESKTOP);
  const check = {
    screen,
    role,
    path,
    loadMs,
    violations: [...violations, ...phoneViolations],
    phoneScrollWidth,
    screenshots: [desktop, phone],
  };
  checks.push(check);
  writeFileSync(join(SCREENSHOTS, 'load-times.json'), `${JSON.stringify(checks, null, 2)}\n`);
  return check;
}

/** A PNG of some substance (not an empty page). */
export function isScreenshot(file: string): boolean {
  const png = readFileSync(file)
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return png && statSync(file).size > 10000;
}
