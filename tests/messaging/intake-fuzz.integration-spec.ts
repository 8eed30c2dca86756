import { RejectionCodes } from '@dxhub/contracts';
import {
  AgencyProducer,
  type AgencyMessage,
  agencyReportHeaders,
  createTestDatabase,
  deleteTopicsWithPrefix,
  freePort,
  readTopicUntil,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
  waitForGroupCaughtUp,
} from '@dxhub/testing';
import fc from 'fast-check';
import { Client } from 'pg';
import {
  AGENCY,
  buildServices,
  districts,
  expectExactlyOnce,
  INDICATOR,
  PROVINCE,
  recomputeDifferences,
  reportBody,
  type SentReport,
  type ServiceProcess,
  startIndicators,
} from './intake-under-test';

/*
 * Property-based fuzzing of the one inbound pipeline, against the real indicators service (built, as a process),
 * the real broker and the real database. Each run sends an agency's topic a random interleaving of valid reports,
 * resent duplicates and hostile records (random bytes, random and missing headers, deep nesting, huge strings,
 * numbers as text, NaN and Infinity, `__proto__` keys, invalid UTF-8, times far past and far ahead, ids too long,
 * forged sources, structured-mode garbage, repeated CloudEvents headers). Afterwards every valid report is stored
 * exactly once and counted in the province's aggregate, every hostile record is in the dead-letter topic and the
 * rejection log with a reason code, and the consumer group has nothing left to read.
 *
 * Size: FUZZ_RUNS runs (default 7) of FUZZ_RECORDS / 2 to FUZZ_RECORDS records (default 300), about half of them
 * hostile.
 * A failure names its seed: FUZZ_SEED=<seed> reproduces it.
 */
const RECORDS = Number(process.env.FUZZ_RECORDS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/**
 * One period per run, so each run's province aggregate is its own (BTS_COUNT is six-monthly); 2024S2 is the
 * first test's.
 */
const PERIODS = ['2021S1', '2021S2', '2022S1', '2022S2', '2023S1', '2023S2', '2024S1'];
const RUNS = Number(process.env.FUZZ_RUNS ?? PERIODS.length);
const MARKER = 'x-fuzz-record';
/** Building and starting the service, and a whole property run, take minutes on a busy machine. */
const TIMEOUT_MS = 10 * 60_000;

type Planned =
  | { kind: 'valid'; unit: string; value: number; ageSeconds: number }
  | { kind: 'duplicate'; pick: number }
  | { kind: 'hostile'; family: string; what: string; build: (valid: AgencyMessage) => AgencyMessage };

const JUNK_KEY = fc.string({ minLength: 1, maxLength: 20 });

/** Hostile records, each built from a valid one so that only the named fault makes it invalid. */
const hostile: fc.Arbitrary<Planned> = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 3000 }).map((bytes) => ({
    kind: 'hostile' as const,
    family: 'random bytes',
    what: 'random bytes',
    // A leading 0xff keeps random bytes from ever being valid UTF-8 JSON.
    build: (m: AgencyMessage) => ({ ...m, value: Buffer.concat([Buffer.from([0xff]), Buffer.from(bytes)]) }),
  })),
  fc.dictionary(JUNK_KEY, fc.string({ maxLength: 50 }), { maxKeys: 8 }).map((headers) => ({
    kind: 'hostile' as const,
    family: 'random headers',
    what: 'random headers instead of CloudEvents ones',
    build: (m: AgencyMessage) => ({ ...m, headers: { [MARKER]: m.headers[MARKER], ...headers } }),
  })),
  fc.constantFrom('ce_id', 'ce_source', 'ce_type', 'ce_specversion').map((missing) => ({
    kind: 'hostile' as const,
    family: 'missing header',
    what: `no ${missing}`,
    build: (m: AgencyMessage) => {
      const headers = { ...m.headers };
      delete headers[missing];
      return { ...m, headers };
    },
  })),
  fc.integer({ min: 33, max: 50_000 }).map((depth) => ({
    kind: 'hostile' as const,
    family: 'deep nesting',
    what: `a body nested ${depth} levels`,
    build: (m: AgencyMessage) => ({
      ...m,
      value: `{"indicatorCode":"BTS_COUNT","extra":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    }),
  })),
  fc.integer({ min: 10_000, max: 300_000 }).map((length) => ({
    kind: 'hostile' as const,
    family: 'huge string',
    what: `a string of ${length} characters`,
    build: (m: AgencyMessage) => ({
      ...m,
      value: JSON.stringify({ ...JSON.parse(String(m.value)), orgUnitCode: 'Đ'.repeat(length) }),
    }),
  })),
  fc.constantFrom('"412"', 'NaN', 'Infinity', '-Infinity', '1e999', 'null', 'true', '[412]').map((value) => ({
    kind: 'hostile' as const,
    family: 'number as text, NaN, Infinity, wrong type',
    what: `value ${value}`,
    build: (m: AgencyMessage) => ({ ...m, value: String(m.value).replace(/"value":-?\d+/, `"value":${value}`) }),
  })),
  fc.constantFrom('__proto__', 'constructor', 'prototype').map((key) => ({
    kind: 'hostile' as const,
    family: 'prototype key',
    what: `a ${key} key`,
    build: (m: AgencyMessage) => ({ ...m, value: String(m.value).replace('{', `{"${key}":{"isAdmin":true},`) }),
  })),
  fc.integer({ min: 1, max: 40 }).map((at) => ({
    kind: 'hostile' as const,
    family: 'invalid UTF-8',
    what: 'invalid UTF-8',
    build: (m: AgencyMessage) => {
      const bytes = Buffer.from(String(m.value));
      const cut = Math.min(at, bytes.length - 1);
      return { ...m, value: Buffer.concat([bytes.subarray(0, cut), Buffer.from([0xc3, 0x28]), bytes.subarray(cut)]) };
    },
  })),
  fc
    .oneof(
      fc.integer({ min: 1, max: 1999 }).map((y) => `${String(y).padStart(4, '0')}-06-01T00:00:00Z`),
      fc.integer({ min: 2100, max: 9999 }).map((y) => `${y}-12-31T23:59:59Z`),
      fc.constantFrom('yesterday', '2024-06-01', '2024-06-01T00:00:00', '01/06/2024 00:00', '2024-02-30T00:00:00Z', ''),
    )
    .map((time) => ({
      kind: 'hostile' as const,
      family: 'time far past, far ahead or not RFC 3339',
      what: `ce_time '${time}'`,
      build: (m: AgencyMessage) => ({ ...m, headers: { ...m.headers, ce_time: time } }),
    })),
  fc.integer({ min: 201, max: 20_000 }).map((length) => ({
    kind: 'hostile' as const,
    family: 'id too long',
    what: `a ce_id of ${length} characters`,
    build: (m: AgencyMessage) => ({
      ...m,
      headers: { ...m.headers, ce_id: `${m.headers.ce_id}-${'x'.repeat(length)}` },
    }),
  })),
  fc.constantFrom('/agencies/SYT', '/agencies/sttt', 'agencies/STTTT', '/services/indicators').map((source) => ({
    kind: 'hostile' as const,
    family: 'forged source',
    what: `ce_source ${source}`,
    build: (m: AgencyMessage) => ({ ...m, headers: { ...m.headers, ce_source: source } }),
  })),
  fc.jsonValue({ maxDepth: 4 }).map((json) => ({
    kind: 'hostile' as const,
    family: 'structured-mode garbage',
    what: 'structured-mode garbage',
    build: (m: AgencyMessage) => ({
      ...m,
      headers: { [MARKER]: m.headers[MARKER], 'content-type': 'application/cloudevents+json' },
      value: JSON.stringify({ specversion: '0.3', garbage: json }),
    }),
  })),
  fc.constantFrom('ce_id', 'ce_type', 'ce_source').map((repeated) => ({
    kind: 'hostile' as const,
    family: 'repeated CloudEvents header',
    what: `${repeated} given twice`,
    build: (m: AgencyMessage) => ({
      ...m,
      headers: { ...m.headers, [repeated]: [String(m.headers[repeated]), 'another'] as unknown as string },
    }),
  })),
);

function plan(units: string[]): fc.Arbitrary<Planned[]> {
  const valid: fc.Arbitrary<Planned> = fc.record({
    kind: fc.constant('valid' as const),
    unit: fc.constantFrom(...units),
    value: fc.integer({ min: 0, max: 100_000 }),
    ageSeconds: fc.integer({ min: 60, max: 200_000_000 }),
  });
  const duplicate: fc.Arbitrary<Planned> = fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() });
  return fc.array(
    fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: duplicate, weight: 1 }, { arbitrary: hostile, weight: 5 }),
    {
      minLength: Math.ceil(RECORDS / 2),
      maxLength: RECORDS,
    },
  );
}

describe(`the inbound pipeline under fuzzing (seed ${SEED}: FUZZ_SEED=${SEED} reproduces a failure)`, () => {
  let database: TestDatabase;
  let service: ServiceProcess;
  let db: Client;
  let producer: AgencyProducer;
  const prefix = uniqueTopicPrefix('fuzz');
  const topic = `${prefix}dx.agency.${AGENCY}.indicator-values`;
  const group = `${prefix}indicators-intake`;

  beforeAll(async () => {
    buildServices();
    database = await createTestDatabase('fuzz');
    service = startIndicators(database, prefix, await freePort(), { KAFKA_TOPIC_PARTITIONS: '2' });
    await service.ready();
    db = new Client({ connectionString: database.url });
    await db.connect();
    producer = await AgencyProducer.connect('fuzz-agency');
  }, TIMEOUT_MS);

  afterAll(async () => {
    await producer?.close();
    await service?.stop();
    await db?.end();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('dead-letters a deep body, a 9,000-character ce_id and a ce_time in 9999 with their reasons, and takes the valid report sent after them within seconds', async () => {
    const valid: SentReport = {
      id: `after-${Date.now()}`,
      time: Date.now() - 1000,
      unit: '815',
      period: '2024S2',
      value: 777,
    };
    const base = (id: string): AgencyMessage => ({
      key: INDICATOR,
      value: reportBody({ ...valid, id }),
      headers: agencyReportHeaders(AGENCY, id, new Date(valid.time).toISOString()),
    });
    const sentAt = Date.now();
    await producer.send(topic, [
      { ...base('deep'), value: `{"indicatorCode":${'['.repeat(20_000)}${']'.repeat(20_000)}}` },
      { ...base('long'), headers: { ...base('long').headers, ce_id: 'i'.repeat(9000) } },
      { ...base('ahead'), headers: { ...base('ahead').headers, ce_time: '9999-12-31T23:59:59Z' } },
      base(valid.id),
    ]);
    const value = await waitFor(
      async () => {
        const { rows } = await db.query<{ sum: number }>(
          `SELECT a.value_sum::float8 AS sum FROM indicators.indicator_aggregates a JOIN indicators.org_units o ON o.id = a.org_unit_id
           WHERE a.indicator_code = $1 AND o.code = $2 AND a.period = '2024S2'`,
          [INDICATOR, PROVINCE],
        );
        return rows[0]?.sum;
      },
      30_000,
      'the valid report in the province aggregate',
    );
    const tookMs = Date.now() - sentAt;
    expect(value).toBe(777);
    const letters = await readTopicUntil(`${topic}.dlq`, (r) => r.length >= 3, 30_000);
    expect(letters.map((l) => [l.headers.dx_dlq_reason_code, l.headers.dx_dlq_reason])).toEqual([
      [RejectionCodes.JSON_TOO_DEEP, 'the JSON nests deeper than 32 levels'],
      [
        RejectionCodes.INVALID_ATTRIBUTE,
        "CloudEvents attribute 'id' (ce_id header) is 9000 characters long; at most 200 are accepted",
      ],
      [
        RejectionCodes.TIME_IN_FUTURE,
        expect.stringMatching(/^CloudEvents attribute 'time' \(ce_time header\) 9999-12-31T23:59:59Z is ahead/),
      ],
    ]);
    // For the closing note: how long the valid report took to reach the province behind the hostile ones.
    process.stdout.write(`valid report after three hostile ones reached the province in ${tookMs} ms\n`);
    expect(tookMs).toBeGreaterThan(0);
  });

  it(
    'applies every valid report exactly once and dead-letters every hostile record with a reason, whatever the mix',
    async () => {
      const units = districts();
      const allSent: SentReport[] = [];
      const tally = new Map<string, number>();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(plan(units), async (planned) => {
          const period = PERIODS[run % PERIODS.length];
          const runId = `fuzz-${SEED}-${run++}`;
          const now = Date.now();
          const valid: SentReport[] = [];
          const messages: AgencyMessage[] = [];
          const hostileMarkers = new Set<string>();
          planned.forEach((p, i) => {
            const marker = `${runId}-${i}`;
            if (p.kind === 'duplicate' && valid.length === 0) return;
            const report: SentReport =
              p.kind === 'duplicate'
                ? valid[p.pick % valid.length]
                : {
                    id: `${marker}-id`,
                    // Minus the record's index: two reports of a cell never share a time, for on a tie the
                    // later arrival wins, and arrival across two partitions is the broker's to order.
                    time: now - (p.kind === 'valid' ? p.ageSeconds : 1) * 1000 - i,
                    unit: p.kind === 'valid' ? p.unit : units[0],
                    period,
                    value: p.kind === 'valid' ? p.value : 1,
                  };
            const message: AgencyMessage = {
              key: marker,
              value: reportBody(report),
              headers: {
                [MARKER]: marker,
                ...agencyReportHeaders(AGENCY, report.id, new Date(report.time).toISOString()),
              },
            };
            if (p.kind === 'hostile') {
              hostileMarkers.add(marker);
              tally.set(p.family, (tally.get(p.family) ?? 0) + 1);
              messages.push(p.build(message));
            } else {
              if (p.kind === 'valid') valid.push(report);
              messages.push(message);
            }
          });
          await producer.send(topic, messages);
          await waitForGroupCaughtUp(group, [topic], 120_000);
          allSent.push(...valid);

          await expectExactlyOnce(db, valid);
          const letters = await readTopicUntil(
            `${topic}.dlq`,
            (records) => [...hostileMarkers].every((m) => records.some((r) => r.headers[MARKER] === m)),
            60_000,
          );
          const mine = letters.filter((l) => l.headers[MARKER]?.startsWith(`${runId}-`));
          expect(mine.filter((l) => !hostileMarkers.has(l.headers[MARKER]))).toEqual([]);
          for (const marker of hostileMarkers) {
            const letter = mine.find((l) => l.headers[MARKER] === marker);
            expect({ marker, code: letter?.headers.dx_dlq_reason_code }).toEqual({
              marker,
              code: expect.stringMatching(new RegExp(`^(${Object.values(RejectionCodes).join('|')})$`)),
            });
            expect(letter?.headers.dx_dlq_reason.length).toBeGreaterThan(0);
          }
          const logged = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM indicators.rejected_events
           WHERE topic = $1 AND ("partition", "offset") IN (SELECT * FROM unnest($2::int[], $3::bigint[]))`,
            [
              `dx.agency.${AGENCY}.indicator-values`,
              mine.map((l) => Number(l.headers.dx_dlq_original_partition)),
              mine.map((l) => l.headers.dx_dlq_original_offset),
            ],
          );
          expect(logged.rows[0].n).toBe(hostileMarkers.size);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      expect(recomputeDifferences(database)).toBe(0);
      process.stdout.write(
        `fuzz seed ${SEED}: ${allSent.length} valid reports, hostile records by kind: ${JSON.stringify(Object.fromEntries(tally))}\n`,
      );
      expect(allSent.length).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});
