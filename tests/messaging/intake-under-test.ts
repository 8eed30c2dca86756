import { serviceTestEnv, type TestDatabase, waitFor } from '@dxhub/testing';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';

/*
 * The indicators service as the fuzz and chaos tests meet it: the built service (`npm run build`) started as a
 * process, as it is deployed, on a test database and topic prefix; the reports they send; and the checks every
 * case ends with (each valid report stored once, every aggregate what the reports give, the recompute command
 * finding no difference).
 */

export const ROOT = join(__dirname, '../..');
export const AGENCY = 'STTTT';
/** A SUM indicator STTTT reported six-monthly until the 2025 merger. */
export const INDICATOR = 'BTS_COUNT';
export const PROVINCE = '82';

/** Builds the services once per test file (the tests run the built code, as `npm start` does). */
export function buildServices(): void {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  output(): string;
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM and wait for the exit (graceful shutdown), or SIGKILL (a crash). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Starts the built indicators service with the test's database, topic prefix and `extra` settings. */
export function startIndicators(
  database: TestDatabase,
  prefix: string,
  port: number,
  extra: Record<string, string> = {},
): ServiceProcess {
  let output = '';
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/indicators/src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...serviceTestEnv(database, prefix), PORT: String(port), ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    port,
    output: () => output,
    ready: (timeoutMs = 90_000) =>
      waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`the indicators service exited:\n${output.slice(-5000)}`);
          const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
          return res?.ok ? true : undefined;
        },
        timeoutMs,
        `the indicators service on port ${port}`,
      ).then(() => undefined),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A valid report a test sent: its id, its own time, its cell and value. */
export interface SentReport {
  id: string;
  time: number;
  unit: string;
  period: string;
  value: number;
}

export function reportBody(r: SentReport): string {
  return JSON.stringify({ indicatorCode: INDICATOR, orgUnitCode: r.unit, period: r.period, value: r.value });
}

/** The district-level units of Tiền Giang: the same codes through 2021–2024, whatever their communes did. */
export function districts(): string[] {
  return [...new Set(communes().map((c) => c.parent))].sort();
}

/** The commune-level units of Tiền Giang (2025-03 seeds) and their district-level parents. */
export function communes(): { code: string; parent: string }[] {
  const text = readFileSync(join(ROOT, 'seeds/org-units/org-units-tien-giang-2025-03.csv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter(([code]) => code.length === 5)
    .map(([code, , , parent]) => ({ code, parent }));
}

/**
 * Checks the stored state against the reports sent: each distinct id stored once, none of `refusedIds` stored,
 * and for each period the province's aggregate equals the sum, over cells, of the report with the latest time.
 */
export async function expectExactlyOnce(db: Client, sent: SentReport[], refusedIds: string[] = []): Promise<void> {
  const ids = [...new Set(sent.map((s) => s.id))];
  const stored = (
    await db.query<{ event_id: string; n: number }>(
      `SELECT event_id, count(*)::int AS n FROM indicators.indicator_reports WHERE event_id = ANY($1) GROUP BY event_id`,
      [[...ids, ...refusedIds]],
    )
  ).rows;
  expect(stored.filter((r) => r.n > 1)).toEqual([]);
  expect(stored.map((r) => r.event_id).sort()).toEqual([...ids].sort());

  const latest = new Map<string, SentReport>();
  for (const s of sent) {
    const cell = `${s.unit}/${s.period}`;
    const held = latest.get(cell);
    if (!held || held.time < s.time) latest.set(cell, s);
  }
  const expected = new Map<string, number>();
  for (const s of latest.values()) expected.set(s.period, (expected.get(s.period) ?? 0) + s.value);
  const actual = (
    await db.query<{ period: string; sum: number }>(
      `SELECT a.period, a.value_sum::float8 AS sum FROM indicators.indicator_aggregates a
       JOIN indicators.org_units o ON o.id = a.org_unit_id
       WHERE a.indicator_code = $1 AND o.code = $2 AND a.period = ANY($3)`,
      [INDICATOR, PROVINCE, [...expected.keys()]],
    )
  ).rows;
  expect(new Map(actual.map((r) => [r.period, r.sum]))).toEqual(expected);
}

/** `npm run recompute:indicators -- --check` against the test database: the differences it finds. */
export function recomputeDifferences(database: TestDatabase): number {
  const run = spawnSync(process.execPath, [join(ROOT, 'dist/apps/indicators/src/recompute.js'), '--check'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return (JSON.parse(line) as { differences: number }).differences;
  } catch {
    throw new Error(`recompute --check printed no report (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  }
}
