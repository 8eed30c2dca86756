// The bench's workload: which indicators, org units and periods it reports, and the agency events it
// sends. Built only from seeds/ (the same reference data the service loads), deterministically from a seed,
// so a run can be reproduced event for event.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Indicators the bench reports, by period type. All have a SUM or RATIO rule over org units (the additive
 * kinds, i.e. what most of the catalogue is); their agency is each one's responsibleAgency in
 * seeds/indicators.json, so the events arrive on four agencies' topics.
 */
export const BENCH_INDICATORS = [
  // monthly
  'DVC_APPS_ONLINE',
  'TTHC_TOANTRINH',
  'TCNSCD_TEAMS',
  'TCNSCD_MEMBERS',
  // quarterly
  'DVCTT_L4',
  'HSCV_HUYEN',
  'HSCV_XA',
  // six-monthly
  'BTS_COUNT',
  'FIBRE_HH',
  'SMART_HH',
  'SMART_ADULT',
  'FIBRE_COMMUNE',
  'MOBILE_COVER_COMMUNE',
  // yearly
  'PAY_ACC_15',
  'EPAY_POP',
  'CKS_ADULT',
  'EHR_POP',
  'CBCC_DIGITAL_ID',
];

/** Years whose periods the throughput events use, and (disjoint) those of the paced latency run. */
export const THROUGHPUT_YEARS = [2010, 2024];
export const LATENCY_YEARS = [2000, 2009];

export const PROVINCE_CODE = '82';

/** Small, fast, seedable PRNG (mulberry32): the workload is the same for the same seed. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, rand) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function parseCsv(text) {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

/**
 * The catalogue as the bench needs it: the indicators above with their rules, and Tiền Giang's 11
 * district-level units and 164 communes (the 2025-03 list, in force for every period up to 2025-06-30;
 * a unit that only starts later in that list is used only for periods ending on or after its start).
 */
export function loadCatalogue(seedsDir) {
  const all = JSON.parse(readFileSync(join(seedsDir, 'indicators.json'), 'utf8'));
  const indicators = BENCH_INDICATORS.map((code) => {
    const d = all.find((i) => i.code === code);
    if (!d) throw new Error(`bench: indicator ${code} is not in seeds/indicators.json`);
    const orgUnitRule = d.orgUnitAggregation ?? d.aggregation;
    if (!['SUM', 'RATIO'].includes(orgUnitRule))
      throw new Error(`bench: ${code} is ${orgUnitRule} over org units; the bench uses SUM or RATIO`);
    if (!d.responsibleAgency) throw new Error(`bench: ${code} has no responsibleAgency`);
    return {
      code,
      aggregation: d.aggregation,
      periodType: d.periodType,
      agency: d.responsibleAgency,
      max: d.bounds?.max ?? null,
      factor: d.ratio?.factor ?? null,
    };
  });
  const rows = parseCsv(readFileSync(join(seedsDir, 'org-units', 'org-units-tien-giang-2025-03.csv'), 'utf8'));
  const province = rows.find((r) => r.code === PROVINCE_CODE && r.type === 'province');
  if (!province) throw new Error('bench: province 82 is not in the 2025-03 org-unit list');
  const districts = rows.filter((r) => r.parent_code === PROVINCE_CODE);
  const districtCodes = new Set(districts.map((d) => d.code));
  const communes = rows.filter((r) => districtCodes.has(r.parent_code));
  const units = [...districts, ...communes].map((r) => ({
    code: r.code,
    district: districtCodes.has(r.code) ? r.code : r.parent_code,
    validFrom: r.valid_from || null,
    validTo: r.valid_to || null,
  }));
  return { indicators, units, districts: [...districtCodes].sort() };
}

const pad = (n) => String(n).padStart(2, '0');

/** Periods of a type over [fromYear, toYear], with their last day (DHIS2 notation). */
export function periodsOf(type, [fromYear, toYear]) {
  const out = [];
  for (let y = fromYear; y <= toYear; y++) {
    if (type === 'YEARLY') out.push({ id: `${y}`, end: `${y}-12-31` });
    else if (type === 'SIX_MONTHLY') out.push({ id: `${y}S1`, end: `${y}-06-30` }, { id: `${y}S2`, end: `${y}-12-31` });
    else if (type === 'QUARTERLY') {
      for (let q = 1; q <= 4; q++) out.push({ id: `${y}Q${q}`, end: lastDay(y, q * 3) });
    } else if (type === 'MONTHLY') {
      for (let m = 1; m <= 12; m++) out.push({ id: `${y}${pad(m)}`, end: lastDay(y, m) });
    } else throw new Error(`bench: period type ${type} is not supported`);
  }
  return out;
}

function lastDay(year, month) {
  const d = new Date(Date.UTC(year, month, 0));
  return `${year}-${pad(month)}-${pad(d.getUTCDate())}`;
}

/** Whether a unit of the list exists on a day (an ISO date): the cells of a period are its units on its last day. */
function existsOn(unit, day) {
  return !(unit.validFrom && unit.validFrom > day) && !(unit.validTo && unit.validTo < day);
}

/**
 * Every (indicator, org unit, period) cell over the years, in catalogue order, with the period's last day: what
 * cellsInOrder shuffles, for the grown database (grown.mjs), which holds all of them.
 */
export function allCells(catalogue, years) {
  const cells = [];
  for (const indicator of catalogue.indicators) {
    for (const period of periodsOf(indicator.periodType, years)) {
      for (const unit of catalogue.units) {
        if (existsOn(unit, period.end))
          cells.push({ indicator, orgUnitCode: unit.code, period: period.id, periodEnd: period.end });
      }
    }
  }
  return cells;
}

/**
 * Every (indicator, org unit, period) cell over the years, grouped in "submissions": one indicator, one
 * period, one district-level unit and its communes — what a district reports at once. `order`:
 * `submissions` shuffles the submissions and keeps each one's cells together (how agencies report);
 * `random` shuffles all cells (the worst case for batching).
 */
export function cellsInOrder(catalogue, years, order, rand) {
  const submissions = [];
  for (const indicator of catalogue.indicators) {
    for (const period of periodsOf(indicator.periodType, years)) {
      const byDistrict = new Map();
      for (const unit of catalogue.units) {
        if (!existsOn(unit, period.end)) continue;
        if (!byDistrict.has(unit.district)) byDistrict.set(unit.district, []);
        byDistrict.get(unit.district).push({ indicator, orgUnitCode: unit.code, period: period.id });
      }
      for (const cells of byDistrict.values()) submissions.push(shuffle(cells, rand));
    }
  }
  if (order === 'random') return shuffle(submissions.flat(), rand);
  if (order !== 'submissions') throw new Error(`bench: BENCH_ORDER must be submissions or random, not ${order}`);
  return shuffle(submissions, rand).flat();
}

/** A value within the indicator's bounds: a count for SUM, numerator ≤ denominator for RATIO. */
function randomFigures(indicator, rand) {
  if (indicator.aggregation === 'RATIO') {
    const denominator = 100 + Math.floor(rand() * 20000);
    return { numerator: Math.floor(rand() * (denominator + 1)), denominator };
  }
  return { value: Math.floor(rand() * 5000) };
}

export function agencyTopic(prefix, agency) {
  return `${prefix}dx.agency.${agency}.indicator-values`;
}

export function cellKey(indicatorCode, orgUnitCode, period) {
  return `${indicatorCode}|${orgUnitCode}|${period}`;
}

/** One binary-mode CloudEvent as an agency sends it (see examples/publish-indicator-values.mjs). */
function agencyEvent(prefix, cell, figures, id, time) {
  const { indicator } = cell;
  return {
    topic: agencyTopic(prefix, indicator.agency),
    message: {
      key: indicator.code,
      value: JSON.stringify({
        indicatorCode: indicator.code,
        orgUnitCode: cell.orgUnitCode,
        period: cell.period,
        ...figures,
      }),
      headers: {
        ce_specversion: '1.0',
        ce_id: id,
        ce_source: `/agencies/${indicator.agency}`,
        ce_type: 'dx.indicator-value.reported',
        ce_time: time,
        'content-type': 'application/json',
      },
    },
  };
}

/**
 * The throughput stream: `count` events in send order. Each is, by chance, a new cell (the next in
 * `cellsInOrder`), a correction of a cell already sent (a new report with a new id and a later ce_time;
 * `correctionShare`), or an exact re-send of an earlier event (same ce_id: at-least-once delivery by the
 * agency; `resendShare`). ce_time grows with the event's index, so the last report sent per cell is the one
 * that must win. Returns the events, the expected province aggregate per (indicator, period), and the figures
 * last sent per cell (`lastSent`: cell key → { cell, figures }), which must be the cells' current values after.
 */
export function throughputEvents({
  catalogue,
  prefix,
  runId,
  count,
  order,
  seed,
  correctionShare = 0.2,
  resendShare = 0.01,
}) {
  const rand = prng(seed);
  const cells = cellsInOrder(catalogue, THROUGHPUT_YEARS, order, rand);
  const events = [];
  const sentCells = [];
  const current = new Map(); // cell key -> { cell, figures }
  const baseTime = Date.now() - 3600_000;
  let next = 0;
  let corrections = 0;
  let resends = 0;
  for (let i = 0; i < count; i++) {
    const r = rand();
    if (events.length > 0 && r < resendShare) {
      events.push(events[Math.floor(rand() * events.length)]);
      resends++;
      continue;
    }
    let cell;
    if (r < resendShare + correctionShare && sentCells.length > 0) {
      cell = sentCells[Math.floor(rand() * sentCells.length)];
      corrections++;
    } else if (next < cells.length) {
      cell = cells[next++];
      sentCells.push(cell);
    } else {
      cell = sentCells[Math.floor(rand() * sentCells.length)];
      corrections++;
    }
    const figures = randomFigures(cell.indicator, rand);
    events.push(agencyEvent(prefix, cell, figures, `${runId}-t${i}`, new Date(baseTime + i).toISOString()));
    current.set(cellKey(cell.indicator.code, cell.orgUnitCode, cell.period), { cell, figures });
  }
  // Province aggregates the service must end with: every district-level unit and commune rolls up into 82.
  const expected = new Map();
  for (const { cell, figures } of current.values()) {
    const key = `${cell.indicator.code}|${cell.period}`;
    const e = expected.get(key) ?? {
      indicatorCode: cell.indicator.code,
      period: cell.period,
      count: 0,
      valueSum: 0,
      numeratorSum: 0,
      denominatorSum: 0,
    };
    e.count++;
    e.valueSum += figures.value ?? 0;
    e.numeratorSum += figures.numerator ?? 0;
    e.denominatorSum += figures.denominator ?? 0;
    expected.set(key, e);
  }
  return {
    events,
    expected,
    lastSent: current,
    distinctCells: current.size,
    newCells: next,
    corrections,
    resends,
    cellsAvailable: cells.length,
  };
}

/**
 * The paced stream for latency: `count` events, each a new cell of the latency years (untouched by the
 * throughput run), so the province aggregate of its (indicator, period) — its "stream" — counts one more
 * value per event: when that aggregate reports valueCount >= k, the stream's events 1..k are reflected.
 * `skip` leaves out the cells that earlier paced runs on the same database sent (the same order for the same
 * seed): their values already count, so `k` goes on from them.
 */
export function latencyEvents({ catalogue, prefix, runId, count, order, seed, skip = 0 }) {
  const rand = prng(seed + 1);
  const cells = cellsInOrder(catalogue, LATENCY_YEARS, order, rand);
  if (cells.length < skip + count)
    throw new Error(
      `bench: the paced runs need ${skip + count} new cells, the latency years have ${cells.length}: shorten BENCH_LATENCY_SECONDS`,
    );
  const baseTime = Date.now();
  const perStream = new Map();
  const stream = (cell) => `${cell.indicator.code}|${cell.period}`;
  for (const cell of cells.slice(0, skip)) perStream.set(stream(cell), (perStream.get(stream(cell)) ?? 0) + 1);
  return cells.slice(skip, skip + count).map((cell, i) => {
    const k = (perStream.get(stream(cell)) ?? 0) + 1;
    perStream.set(stream(cell), k);
    const event = agencyEvent(
      prefix,
      cell,
      randomFigures(cell.indicator, rand),
      `${runId}-l${skip + i}`,
      new Date(baseTime + i).toISOString(),
    );
    return { ...event, stream: stream(cell), k };
  });
}
