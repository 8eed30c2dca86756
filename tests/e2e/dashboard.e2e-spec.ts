import { AgencyProducer, agencyReportHeaders, mintToken, waitFor } from '@dxhub/testing';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { ROOT, RunningPlatform } from './running-platform';

/*
 * The dashboard's promise, in a real browser: the platform started as `npm start` starts it, the page
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
    const base = `http://127.0.0.1:${PORTS.reporting}`;
    const token = mintToken({ agency: 'SYT', roles: ['viewer'] });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/dashboard?period=2024S2&orgUnit=82#token=${token}`);
    await page.waitForSelector('body[data-live="true"]', { timeout: 30000 });
    await page.waitForSelector('body[data-loaded]', { timeout: 30000 });
    expect(await page.textContent('h1')).toBe('Bảng điều hành chuyển đổi số');
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

    const cell = page.locator('[data-cell="BTS_COUNT|82|2024S2"]');
    await waitFor(
      async () =>
        (await cell.count()) > 0 && (await cell.getAttribute('data-value')) === String(value) ? true : undefined,
      60000,
      'the value on the page',
    );
    expect(await cell.textContent()).toBe('4.321'); // vi-VN number format
    expect(await page.evaluate('window.dxMarker')).toBe('no-reload');
    // The district it came from appears among the units below the province, and can be drilled into.
    const tile = page.locator('[data-unit="815"]');
    await waitFor(async () => ((await tile.count()) > 0 ? true : undefined), 30000, 'the district tile');

    const phone = join(SHOTS, 'dashboard-phone.png');
    await page.screenshot({ path: phone, fullPage: true });
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390); // nothing wider than the phone's screen

    await page.click('#lang-en');
    expect(await page.textContent('h1')).toBe('Digital transformation dashboard');
    await page.setViewportSize({ width: 1280, height: 900 });
    const desktop = join(SHOTS, 'dashboard-desktop.png');
    await page.screenshot({ path: desktop, fullPage: true });

    await tile.click();
    await waitFor(
      async () => ((await page.textContent('#unit-name')) !== 'Tỉnh Tiền Giang' ? true : undefined),
      15000,
      'the drill-down',
    );
    expect(await page.textContent('#crumbs')).toContain('›');
    // Below the district: its communes (the hierarchy the indicators service published), one more level down.
    const communes = page.locator('[data-unit]');
    await waitFor(
      async () => (/^\d{5}$/.test((await communes.first().getAttribute('data-unit')) ?? '') ? true : undefined),
      15000,
      'the communes',
    );
    await communes.first().click();
    await waitFor(
      async () => ((await page.locator('#crumbs a').count()) === 2 ? true : undefined),
      15000,
      'the commune level',
    );

    for (const file of [phone, desktop]) {
      expect(isPng(file)).toBe(true);
      expect(statSync(file).size).toBeGreaterThan(10000);
    }
    expect(errors).toEqual([]);
  });

  it("serves the page's stylesheet and scripts with their types, and nothing else from its folder", async () => {
    const base = `http://127.0.0.1:${PORTS.reporting}/dashboard`;
    const css = await fetch(`${base}/dashboard.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain(':root');
    const script = await fetch(`${base}/dashboard.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('DASHBOARD_TEXT');
    for (const other of ['index.html', 'nothing.js', '..%2F..%2Fsrc%2Fmain.ts']) {
      expect((await fetch(`${base}/${other}`)).status).toBe(404);
    }
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
