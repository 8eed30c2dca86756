import { AgencyProducer, agencyReportHeaders, mintToken, waitFor } from '@dxhub/testing';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { ROOT, RunningPlatform } from './running-platform';

/*
 * The dashboard's promise, in a real browser: the platform started as `npm start` starts it, the web app
 * open in Debian's headless Chromium (driven by playwright-core, which downloads no browser), an agency
 * publishing a value through Kafka, and the province figure appearing on the page without a reload —
 * pushed by the reporting service's server-sent events. Screenshots land in tmp/.
 */
const PORTS = { tasks: 3121, indicators: 3122, notifications: 3123, reporting: 3124, web: 3125 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'tmp');

function isPng(file: string): boolean {
  return readFileSync(file)
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

describe('dashboard in headless Chromium (npm start, Kafka to the page without a reload)', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let producer: AgencyProducer;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: apt-get install chromium (npm test does it: scripts/ensure-system-packages.mjs), or set CHROMIUM_PATH`,
      );
    }
    mkdirSync(SHOTS, { recursive: true });
    platform = await RunningPlatform.start('dash', PORTS);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    producer = await AgencyProducer.connect('test-agency-sttt');
  });

  afterAll(async () => {
    await producer?.close();
    await browser?.close();
    await platform?.dispose();
  });

  it('shows a value published through Kafka without a reload, in Vietnamese by default, on a phone-sized screen', async () => {
    const app = `http://127.0.0.1:${PORTS.web}`;
    const token = mintToken({ agency: 'SYT', roles: ['viewer'] });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Development tokens (no sign-in configured): given once in the address, kept for the tab.
    await page.goto(`${app}/dashboard?period=2024S2#token=${token}`);
    await page.waitForSelector('[data-testid="live-indicator"][data-live="true"]', { timeout: 30000 });
    await page.waitForSelector('[data-screen="dashboard-overview"][data-loaded="true"]', { timeout: 30000 });
    expect(await page.textContent('h1')).toBe('Tổng quan tỉnh');
    // A marker that a reload would wipe.
    await page.evaluate('window.dxMarker = "no-reload"');

    const value = 4321;
    await producer.send(`${platform.prefix}dx.agency.STTTT.indicator-values`, [
      {
        key: 'BTS_COUNT',
        value: JSON.stringify({ indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S2', value }),
        headers: agencyReportHeaders('STTTT'),
      },
    ]);

    const figure = page.locator('[data-testid="indicator-value"][data-code="BTS_COUNT"]');
    await waitFor(
      async () =>
        (await figure.count()) > 0 && (await figure.getAttribute('data-value')) === String(value) ? true : undefined,
      60000,
      'the value on the page',
    );
    expect(await figure.textContent()).toContain('4.321'); // vi-VN number format
    expect(await page.evaluate('window.dxMarker')).toBe('no-reload');
    // The district it came from is among the units below the province, and can be drilled into.
    const district = page.locator('[data-testid="unit-link"][data-unit="815"]');
    await waitFor(async () => ((await district.count()) > 0 ? true : undefined), 30000, 'the district');

    const phone = join(SHOTS, 'dashboard-phone.png');
    await page.screenshot({ path: phone, fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    await page.click('[data-testid="language-en"]');
    await waitFor(
      async () => ((await page.textContent('h1')) === 'Province overview' ? true : undefined),
      10000,
      'the English title',
    );
    await page.setViewportSize({ width: 1280, height: 900 });
    const desktop = join(SHOTS, 'dashboard-desktop.png');
    await page.screenshot({ path: desktop, fullPage: true });

    await district.click();
    await page.waitForURL((url) => url.searchParams.get('unit') === '815');
    await page.waitForSelector('[data-screen="dashboard-overview"][data-loaded="true"]');
    // Below the district: its communes (the hierarchy the indicators service published), one more level down.
    const commune = page.locator('[data-testid="unit-link"]').first();
    await waitFor(
      async () => (/^\d{5}$/.test((await commune.getAttribute('data-unit')) ?? '') ? true : undefined),
      15000,
      'the communes',
    );
    const communeCode = (await commune.getAttribute('data-unit')) ?? '';
    await commune.click();
    await page.waitForURL((url) => url.searchParams.get('unit') === communeCode);
    // The browser's back button returns to the district, then to the province.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('unit') === '815');
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('unit'));

    for (const file of [phone, desktop]) {
      expect(isPng(file)).toBe(true);
      expect(statSync(file).size).toBeGreaterThan(10000);
    }
    expect(errors).toEqual([]);
  });

  it("leads the reporting service's root to the web app's dashboard, which it no longer serves itself", async () => {
    const root = await fetch(`http://127.0.0.1:${PORTS.reporting}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe(`http://127.0.0.1:${PORTS.web}/dashboard`);
    expect((await fetch(`http://127.0.0.1:${PORTS.reporting}/dashboard`)).status).toBe(404);
    const app = await fetch(`http://127.0.0.1:${PORTS.web}/dashboard`);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain('<div id="root">');
  });

  it('publishes a figure as open data only once its value is approved in the indicators service', async () => {
    const openData = async () => {
      const res = await fetch(
        `http://127.0.0.1:${PORTS.reporting}/open-data/aggregates.json?indicator=BTS_COUNT&period=2024S2`,
      );
      return ((await res.json()) as { rows: { orgUnit: string; value: number; provenance: string }[] }).rows;
    };
    // The value of the previous test is pending: its figures are on the dashboard, not in open data.
    expect(await openData()).toEqual([]);

    const indicators = `http://127.0.0.1:${PORTS.indicators}`;
    // BTS_COUNT is approved by the programme office: STTTT's responsibilities passed to SKHCN in 2025.
    const approver = {
      authorization: `Bearer ${mintToken({ agency: 'SKHCN', roles: ['approver'], sub: 'e2e-approver' })}`,
    };
    const pending = (await (
      await fetch(`${indicators}/v1/indicator-values/approvals?status=pending&indicator=BTS_COUNT&period=2024S2`, {
        headers: approver,
      })
    ).json()) as { data: { indicatorCode: string; orgUnitCode: string; period: string; reportId: string }[] };
    expect(pending.data.map((c) => c.orgUnitCode)).toEqual(['815']);
    const { indicatorCode, orgUnitCode, period, reportId } = pending.data[0];
    const approved = await fetch(`${indicators}/v1/indicator-values/approvals/approve`, {
      method: 'POST',
      headers: { ...approver, 'content-type': 'application/json' },
      body: JSON.stringify({ cells: [{ indicatorCode, orgUnitCode, period, reportId }] }),
    });
    expect(approved.status).toBe(200);

    const rows = await waitFor(
      async () => {
        const r = await openData();
        return r.length === 2 ? r : undefined;
      },
      60000,
      'the approved figures in open data',
    );
    expect(rows.map((r) => [r.orgUnit, r.value])).toEqual([
      ['815', 4321],
      ['82', 4321],
    ]);
    // Its provenance is the indicators service's approved-only figure, which agrees.
    const provenance = await fetch(rows[1].provenance, { headers: approver });
    expect(((await provenance.json()) as { value: number; status: string }).value).toBe(4321);
  });

  it('replays the topics into read models equal to the live ones (npm run replay:reporting, as built by npm start)', () => {
    // The platform's start built dist/; the command is what `npm run replay:reporting` runs after its build.
    const run = spawnSync(process.execPath, [join(ROOT, 'dist/apps/reporting/src/replay.js')], {
      cwd: ROOT,
      env: { ...process.env, ...platform.env },
      encoding: 'utf8',
      timeout: 120000,
    });
    expect(run.stdout).toContain('✓ the replayed read models equal the live ones');
    expect(run.stdout).toMatch(/indicator_versions: live (\d+) rows, replayed \1 rows/);
    expect(run.stdout).toMatch(/org_unit_versions: live (\d+) rows, replayed \1 rows/);
    expect(run.stdout).not.toContain('indicator_versions: live 0 rows');
    expect(run.status).toBe(0);
  });
});
