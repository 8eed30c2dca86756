import { AgencyProducer, type AgencyMessage, agencyReportHeaders, bearer, readTopic, waitFor } from '@dxhub/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, RunningPlatform } from './running-platform';

/*
 * The Foundation's public contract, end to end: the platform started by `npm start` (its script, with its
 * own ports, database and topic prefix), 1,000 events published by a plain kafkajs producer playing the
 * agencies — repeated reports, re-delivered duplicates and invalid events among them — and the reporting
 * service's GET /v1/aggregates checked against sums and ratios the test computes itself.
 */
const PORTS = { tasks: 3101, indicators: 3102, notifications: 3103, reporting: 3104, web: 3105 };
const DISTRICTS = ['815', '816', '817', '818', '819', '820', '821', '822', '823', '824', '825'];
const AGENCIES = ['STTTT', 'SKHCN', 'VPUBND'];

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Indicator {
  code: string;
  period: string;
  kind: 'SUM' | 'RATIO' | 'AVERAGE';
  /** Who may report it (rule agency-reports-own-indicators): STTTT held it in 2024, SKHCN since the 2025 merger. */
  reporters: string[];
}
const INDICATORS: Indicator[] = [
  { code: 'BTS_COUNT', period: '2024S2', kind: 'SUM', reporters: ['STTTT', 'SKHCN'] },
  { code: 'FIBRE_HH', period: '2024S2', kind: 'RATIO', reporters: ['STTTT', 'SKHCN'] },
  { code: 'DVC_AVG_DAYS', period: '2024Q4', kind: 'AVERAGE', reporters: ['VPUBND'] },
];

interface Report {
  agency: string;
  id: string;
  time: number;
  indicator: Indicator;
  unit: string;
  value?: number;
  numerator?: number;
  denominator?: number;
}

describe('agency events to province-wide aggregates (npm start, 1,000 events)', () => {
  let platform: RunningPlatform;
  let prefix: string;

  beforeAll(async () => {
    platform = await RunningPlatform.start('e2e', PORTS);
    prefix = platform.prefix;
  });

  afterAll(async () => {
    await platform?.dispose();
  });

  it('says where it listens', () => {
    for (const port of Object.values(PORTS)) expect(platform.printed()).toContain(`http://127.0.0.1:${port}`);
  });

  it('turns 1,000 events into exact district and province aggregates, dead-lettering every invalid one with its reason', async () => {
    const communesOf = readCommunes();
    const random = prng(2025);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];

    // Valid reports with distinct times; many land on the same cell, so later ones replace earlier ones.
    const reports: Report[] = [];
    for (let i = 0; i < 800; i++) {
      const district = pick(DISTRICTS);
      const unit = random() < 0.5 ? district : pick(communesOf.get(district) ?? [district]);
      const indicator = pick(INDICATORS);
      const base = {
        agency: pick(indicator.reporters),
        id: `e2e-${i}`,
        time: Date.UTC(2025, 0, 15) + i * 1000,
        indicator,
        unit,
      };
      if (indicator.kind === 'RATIO') {
        const denominator = 100 + Math.floor(random() * 900);
        reports.push({ ...base, numerator: Math.floor(random() * denominator), denominator });
      } else {
        reports.push({
          ...base,
          value: Math.floor(random() * 500) + (indicator.kind === 'SUM' ? 0.25 * Math.floor(random() * 4) : 0),
        });
      }
    }
    // Arrival order differs from report time: older reports often arrive after newer ones.
    const shuffled = [...reports].sort(() => random() - 0.5);
    const messages: AgencyMessage[] = shuffled.map(toMessage);
    // Re-delivered duplicates: the same event (same ce_id) again.
    const duplicates = Array.from({ length: 100 }, () => toMessage(pick(reports)));
    // Invalid events, each with the reason the platform must give.
    const invalid: { agency: string; message: AgencyMessage; reason: RegExp }[] = [];
    const kinds: [string, RegExp, (i: number) => Record<string, unknown> | string][] = [
      ['not-json', /not JSON/, () => '{"indicatorCode": "BTS_COUNT",'],
      [
        'bad-period',
        /DHIS2 notation/,
        () => ({ indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024-13', value: 1 }),
      ],
      [
        'unknown-indicator',
        /unknown indicator/,
        () => ({ indicatorCode: 'NOT_AN_INDICATOR', orgUnitCode: '815', period: '2024S2', value: 1 }),
      ],
      [
        'unknown-unit',
        /unknown org unit/,
        () => ({ indicatorCode: 'BTS_COUNT', orgUnitCode: '99001', period: '2024S2', value: 1 }),
      ],
      ['missing-field', /period must be/, () => ({ indicatorCode: 'BTS_COUNT', orgUnitCode: '815', value: 1 })],
      [
        'ratio-as-value',
        /send numerator and denominator/,
        () => ({ indicatorCode: 'FIBRE_HH', orgUnitCode: '815', period: '2024S2', value: 50 }),
      ],
      // No agency here holds CBCC_DIGITAL_ID (SNV does): the access rule dead-letters it, naming the rule.
      [
        'not-responsible',
        /agency-reports-own-indicators/,
        () => ({ indicatorCode: 'CBCC_DIGITAL_ID', orgUnitCode: '815', period: '2024', numerator: 1, denominator: 2 }),
      ],
    ];
    for (let i = 0; i < 100; i++) {
      const [kind, reason, body] = kinds[i % kinds.length];
      const agency = pick(AGENCIES);
      const payload = body(i);
      invalid.push({
        agency,
        reason,
        message: {
          key: 'BTS_COUNT',
          value: typeof payload === 'string' ? payload : JSON.stringify(payload),
          headers: agencyReportHeaders(agency, `invalid-${kind}-${i}`),
        },
      });
    }
    const all = [...messages, ...duplicates, ...invalid.map((x) => x.message)].sort(() => random() - 0.5);
    expect(all).toHaveLength(1000);

    const producer = await AgencyProducer.connect('e2e-agencies');
    try {
      for (const agency of AGENCIES) {
        const own = all.filter((m) => m.headers.ce_source === `/agencies/${agency}`);
        await producer.send(`${prefix}dx.agency.${agency}.indicator-values`, own);
      }
    } finally {
      await producer.close();
    }

    // What the platform must show: per cell the report with the latest time; sums over each district.
    const winners = new Map<string, Report>();
    for (const r of reports) {
      const cell = `${r.indicator.code}/${r.unit}`;
      if (!winners.has(cell) || (winners.get(cell) as Report).time < r.time) winners.set(cell, r);
    }
    let compared = 0;
    const districtOf = (unit: string) =>
      unit.length === 3 ? unit : [...communesOf].find(([, cs]) => cs.includes(unit))?.[0];
    for (const indicator of INDICATORS) {
      for (const orgUnit of [...DISTRICTS, '82']) {
        const counted = [...winners.values()].filter(
          (r) => r.indicator === indicator && (orgUnit === '82' || districtOf(r.unit) === orgUnit),
        );
        if (counted.length === 0) continue;
        const url = `http://127.0.0.1:${PORTS.reporting}/v1/aggregates?indicator=${indicator.code}&orgUnit=${orgUnit}&period=${indicator.period}`;
        const sum = (f: (r: Report) => number) => counted.reduce((s, r) => s + f(r), 0);
        const got = await waitFor(
          async () => {
            const res = await fetch(url, { headers: bearer({ agency: 'STTTT', roles: ['viewer'] }) });
            if (!res.ok) return undefined;
            const body = (await res.json()) as {
              value: number;
              numerator?: number;
              denominator?: number;
              valueCount: number;
            };
            return body.valueCount === counted.length ? body : undefined;
          },
          120000,
          `${indicator.code} at ${orgUnit} to cover ${counted.length} values`,
        );
        if (indicator.kind === 'SUM') expect(got.value).toBe(sum((r) => r.value as number));
        if (indicator.kind === 'AVERAGE')
          expect(got.value).toBeCloseTo(sum((r) => r.value as number) / counted.length, 8);
        if (indicator.kind === 'RATIO') {
          expect(got.numerator).toBe(sum((r) => r.numerator as number));
          expect(got.denominator).toBe(sum((r) => r.denominator as number));
          expect(got.value).toBeCloseTo(
            (100 * sum((r) => r.numerator as number)) / sum((r) => r.denominator as number),
            8,
          );
        }
        compared++;
      }
    }
    expect(compared).toBe(INDICATORS.length * (DISTRICTS.length + 1));

    for (const agency of AGENCIES) {
      const expected = invalid.filter((x) => x.agency === agency);
      const letters = await readTopic(`${prefix}dx.agency.${agency}.indicator-values.dlq`, expected.length, 60000);
      for (const { message, reason } of expected) {
        const letter = letters.find((l) => l.headers.ce_id === message.headers.ce_id);
        expect(letter?.headers.dx_dlq_reason).toMatch(reason);
      }
      // Nothing valid was dead-lettered.
      expect(letters.filter((l) => !l.headers.ce_id.startsWith('invalid-'))).toEqual([]);
    }
  });

  it('shows on the reporting scorecard the standing the indicators service stored, not a judgement of its own', async () => {
    const viewer = bearer({ agency: 'STTTT', roles: ['viewer'] });
    const status = `http://127.0.0.1:${PORTS.indicators}/v1/aggregates/status?orgUnit=82&period=2024S2&indicator=FIBRE_HH`;
    const scorecard = `http://127.0.0.1:${PORTS.reporting}/v1/scorecard?orgUnit=82&period=2024S2`;
    type Line = Record<string, unknown> & { code: string; version: number | null; standingVersion: number | null };
    const [stored, line] = await waitFor(
      async () => {
        const [standing] = (
          (await (await fetch(status, { headers: viewer })).json()) as {
            aggregates: Record<string, unknown>[];
          }
        ).aggregates;
        const card = (await (await fetch(scorecard, { headers: viewer })).json()) as {
          indexes: { lines: Line[] }[];
          other: Line[];
        };
        const fibre = [...card.indexes.flatMap((i) => i.lines), ...card.other].find((l) => l.code === 'FIBRE_HH');
        const same =
          standing && fibre && fibre.version === standing.aggregateVersion && fibre.standingVersion === fibre.version;
        return same ? ([standing, fibre] as const) : undefined;
      },
      60000,
      'the province’s FIBRE_HH standing on the scorecard',
    );
    expect(line).toMatchObject({
      value: stored.value,
      target: stored.target,
      targetYear: stored.targetYear,
      comparator: stored.comparator,
      achievement: stored.achievement,
      status: stored.targetStatus,
    });
  });

  it('stops cleanly on Ctrl-C', async () => {
    const code = await platform.interrupt();
    expect(code).toBe(0);
    expect(platform.printed()).toContain('[dxhub] stopped');
  });
});

function toMessage(r: Report): AgencyMessage {
  const body = { indicatorCode: r.indicator.code, orgUnitCode: r.unit, period: r.indicator.period };
  const payload =
    r.indicator.kind === 'RATIO'
      ? { ...body, numerator: r.numerator, denominator: r.denominator }
      : { ...body, value: r.value };
  return {
    key: r.indicator.code,
    value: JSON.stringify(payload),
    headers: agencyReportHeaders(r.agency, r.id, new Date(r.time).toISOString()),
  };
}

/** Communes of each district-level unit before the reform, from the seeds. */
function readCommunes(): Map<string, string[]> {
  const text = readFileSync(join(ROOT, 'seeds/org-units/org-units-tien-giang-2025-03.csv'), 'utf8');
  const byDistrict = new Map<string, string[]>();
  for (const line of text.trim().split('\n').slice(1)) {
    const [code, , , parent] = line.split(',');
    if (code.length === 5) byDistrict.set(parent, [...(byDistrict.get(parent) ?? []), code]);
  }
  return byDistrict;
}
