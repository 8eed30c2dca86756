import {
  AgencyProducer,
  type AgencyMessage,
  agencyReportHeaders,
  createTestDatabase,
  deleteTopicsWithPrefix,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
  waitForGroupCaughtUp,
} from '@dxhub/testing';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/*
 * Exactness under faults: the indicators service is killed with SIGKILL in the middle of a stream,
 * restarted, and then sent duplicates and out-of-order corrections. Every aggregate must equal what the
 * test computes from the events it sent, and every event must be stored exactly once.
 */
const ROOT = join(__dirname, '../../..');
const PORT = 3192;
const AGENCY = 'STTTT';
/** DVC_APPS_ONLINE is the provincial office's (rule agency-reports-own-indicators): it comes on VPUBND's topic. */
const OFFICE = 'VPUBND';
const agencyOf = (indicator: string) => (indicator === 'DVC_APPS_ONLINE' ? OFFICE : AGENCY);

interface Sent {
  id: string;
  time: number;
  indicator: 'BTS_COUNT' | 'FIBRE_HH' | 'DVC_APPS_ONLINE';
  period: string;
  unit: string;
  value?: number;
  numerator?: number;
  denominator?: number;
}

describe('intake exactness across a crash, duplicates and reordering', () => {
  let database: TestDatabase;
  let service: ChildProcess | undefined;
  let db: Client;
  const prefix = uniqueTopicPrefix('crash');
  const topic = `${prefix}dx.agency.${AGENCY}.indicator-values`;
  const officeTopic = `${prefix}dx.agency.${OFFICE}.indicator-values`;

  const start = () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/indicators/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...serviceTestEnv(database, prefix), KAFKA_TOPIC_PARTITIONS: '3', PORT: String(PORT) },
      stdio: 'ignore',
    });
    return child;
  };
  const ready = () =>
    waitFor(
      async () => ((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).ok ? true : undefined),
      60000,
      'the indicators service',
    );

  beforeAll(async () => {
    expect(spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT }).status).toBe(0);
    database = await createTestDatabase('crash');
    service = start();
    await ready();
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    service?.kill('SIGKILL');
    await db?.end();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('ends with every aggregate equal to the events sent, each counted once', async () => {
    const communes = readCommunes();
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const sent: Sent[] = [];
    const make = (i: number, time: number, cell?: Sent): Sent => {
      const indicator = cell?.indicator ?? pick(['BTS_COUNT', 'FIBRE_HH', 'DVC_APPS_ONLINE'] as const);
      const period =
        cell?.period ?? (indicator === 'DVC_APPS_ONLINE' ? pick(['202407', '202408', '202409', '202410']) : '2024S2');
      const unit = cell?.unit ?? pick(communes).code;
      const base = { id: `crash-${i}`, time, indicator, period, unit };
      if (indicator === 'FIBRE_HH') {
        const denominator = 50 + Math.floor(random() * 200);
        return { ...base, numerator: Math.floor(random() * denominator), denominator };
      }
      return { ...base, value: Math.floor(random() * 1000) };
    };
    const toMessage = (s: Sent): AgencyMessage => ({
      key: s.indicator,
      value: JSON.stringify({
        indicatorCode: s.indicator,
        orgUnitCode: s.unit,
        period: s.period,
        ...(s.value === undefined ? { numerator: s.numerator, denominator: s.denominator } : { value: s.value }),
      }),
      headers: agencyReportHeaders(agencyOf(s.indicator), s.id, new Date(s.time).toISOString()),
    });
    /** Each agency's reports to its own topic, in order. */
    const send = async (reports: Sent[]) => {
      await producer.send(topic, reports.filter((r) => agencyOf(r.indicator) === AGENCY).map(toMessage));
      await producer.send(officeTopic, reports.filter((r) => agencyOf(r.indicator) === OFFICE).map(toMessage));
    };

    const producer = await AgencyProducer.connect('crash-agency');
    try {
      // 1. A stream of 12,000 reports; the service is killed while it is consuming them.
      const t0 = Date.UTC(2025, 0, 20);
      for (let i = 0; i < 12000; i++) sent.push(make(i, t0 + i * 1000));
      await send(sent.slice(0, 6000));
      await waitFor(async () => ((await count(db)) > 1000 ? true : undefined), 60000, 'the service to be consuming');
      service?.kill('SIGKILL');
      await new Promise((resolve) => service?.once('exit', resolve));
      const storedAtCrash = await count(db);
      expect(storedAtCrash).toBeLessThan(12000);
      await send(sent.slice(6000));

      // 2. Restarted: it resumes from its last committed offset; anything applied but not committed comes again.
      service = start();
      await ready();

      // 3. Duplicates (the same ce_id again) and corrections for existing cells, half of them older than
      //    the report they would replace (they must change nothing), half newer (they must win).
      const duplicates = Array.from({ length: 2000 }, () => pick(sent));
      const corrections: Sent[] = [];
      for (let i = 0; i < 1500; i++) {
        const cell = pick(sent);
        const older = i % 2 === 0;
        corrections.push(make(20000 + i, older ? t0 - (i + 1) * 1000 : t0 + 10_000_000 + i * 1000, cell));
      }
      await send([...duplicates, ...corrections].sort(() => random() - 0.5));
      sent.push(...corrections);
    } finally {
      await producer.close();
    }
    await waitForGroupCaughtUp(`${prefix}indicators-intake`, [topic, officeTopic], 120000);

    // Every distinct event stored once.
    expect(await count(db)).toBe(sent.length);
    const [{ duplicated }] = (
      await db.query(
        `SELECT count(*)::int AS duplicated FROM (SELECT event_id FROM indicators.indicator_reports GROUP BY event_source, event_id HAVING count(*) > 1) d`,
      )
    ).rows;
    expect(duplicated).toBe(0);

    // Every aggregate equals the sums of the latest report per cell, at district and province level.
    const latest = new Map<string, Sent>();
    for (const s of sent) {
      const key = `${s.indicator}/${s.unit}/${s.period}`;
      if (!latest.has(key) || (latest.get(key) as Sent).time < s.time) latest.set(key, s);
    }
    const districtOf = new Map(communes.map((c) => [c.code, c.parent]));
    const expected = new Map<string, { sum: number; count: number; num: number; den: number }>();
    for (const s of latest.values()) {
      for (const unit of [districtOf.get(s.unit) as string, '82']) {
        const key = `${s.indicator}/${unit}/${s.period}`;
        const e = expected.get(key) ?? { sum: 0, count: 0, num: 0, den: 0 };
        e.sum += s.value ?? 0;
        e.count += 1;
        e.num += s.numerator ?? 0;
        e.den += s.denominator ?? 0;
        expected.set(key, e);
      }
    }
    const rows = (
      await db.query(
        `SELECT a.indicator_code || '/' || o.code || '/' || a.period AS key, a.value_sum::float8 AS sum, a.value_count::int AS count,
                a.numerator_sum::float8 AS num, a.denominator_sum::float8 AS den
         FROM indicators.indicator_aggregates a JOIN indicators.org_units o ON o.id = a.org_unit_id
         JOIN indicators.indicators i ON i.code = a.indicator_code AND a.period_type = i.period_type
         WHERE o.level < 3`,
      )
    ).rows as { key: string; sum: number; count: number; num: number; den: number }[];
    const actual = new Map(rows.map((r) => [r.key, { sum: r.sum, count: r.count, num: r.num, den: r.den }]));
    expect(actual.size).toBe(expected.size);
    for (const [key, e] of expected) expect({ key, ...actual.get(key) }).toEqual({ key, ...e });

    // The year of the monthly indicator is the sum of its months (SUM over time), at the province.
    const months = [...expected]
      .filter(([k]) => k.startsWith('DVC_APPS_ONLINE/82/'))
      .reduce((s, [, e]) => s + e.sum, 0);
    const [year] = (
      await db.query(
        `SELECT a.value::float8 AS value FROM indicators.indicator_aggregates a JOIN indicators.org_units o ON o.id = a.org_unit_id
       WHERE a.indicator_code = 'DVC_APPS_ONLINE' AND o.code = '82' AND a.period = '2024'`,
      )
    ).rows;
    expect(year.value).toBe(months);
  });
});

async function count(db: Client): Promise<number> {
  const { rows } = await db
    .query('SELECT count(*)::int AS n FROM indicators.indicator_reports')
    .catch(() => ({ rows: [{ n: 0 }] }));
  return rows[0].n as number;
}

function readCommunes(): { code: string; parent: string }[] {
  const text = readFileSync(join(ROOT, 'seeds/org-units/org-units-tien-giang-2025-03.csv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter(([code]) => code.length === 5)
    .map(([code, , , parent]) => ({ code, parent }));
}
