import { requirePeriod } from '@dxhub/periods';
import type { EntityManager } from 'typeorm';
import { type AcceptedReport, reportKey } from './accepted-report';
import { publishAggregates } from './aggregate-events.repository';
import { type AggregateKey, aggregateId } from './aggregate-key';
import type { RulesFor } from './aggregation-rules';
import {
  aggregateRows,
  insertNewReports,
  lockIndicators,
  moveValuesAndAggregates,
  type CellValue,
  settleExtremeFigures,
  settleFigures,
} from './aggregates.repository';
import { rollUpOverTime } from './unit-rollups';

/** A report as stored (indicator_reports.id as text). */
export interface StoredReport extends AcceptedReport {
  reportId: string;
}

/**
 * What the caller does with the cells a batch is about to replace, in its transaction, while the current values
 * are still in place (the intake puts replaced approved values back to approval). A callback, so the writer does
 * not depend on approval/.
 */
export type BeforeReplacing = (m: EntityManager, cells: StoredReport[]) => Promise<void>;

/**
 * Applies a batch of accepted reports in the caller's transaction, with set-based SQL (one statement per
 * step): stores each new report once (its (source, id) is the dedupe key), makes the latest report per
 * cell the current value, moves every ancestor's aggregate by the difference, moves the coarser periods
 * that contain the changed ones by the change in each unit's figure over time (see unit-rollups.repository.ts), and
 * publishes every changed aggregate (`dx.indicator-aggregates.updated`, through the outbox). Returns the keys
 * (reportKey) of the reports it stored; the others were already applied.
 */
export async function applyReports(
  m: EntityManager,
  reports: AcceptedReport[],
  rulesFor: RulesFor,
  beforeReplacing: BeforeReplacing,
): Promise<Set<string>> {
  if (reports.length === 0) return new Set();
  await lockIndicators(
    m,
    reports.map((r) => r.indicatorCode),
  );
  const stored = await storeNewReports(m, reports);
  if (stored.length > 0) {
    const cells = latestPerCell(stored);
    await beforeReplacing(m, cells); // before the upsert: it compares with the current values
    // Both statements publish what they move, except MIN and MAX figures: those are settled first.
    const reportedExtremes = await moveValuesAndAggregates(m, withRules(cells, rulesFor));
    const coarserExtremes = await rollUpOverTime(m, cells.map(cellKey), rulesFor);
    await publishAggregates(m, [
      ...(await settleExtremes(m, reportedExtremes, 'reported')).rows,
      ...(await settleExtremes(m, coarserExtremes, 'coarser')).rows,
    ]);
  }
  return new Set(stored.map(reportKey));
}

async function storeNewReports(m: EntityManager, reports: AcceptedReport[]): Promise<StoredReport[]> {
  const rows = await insertNewReports(m, reports);
  const ids = new Map(rows.map((r) => [reportKey({ eventSource: r.event_source, eventId: r.event_id }), r.id]));
  const stored: StoredReport[] = [];
  for (const report of reports) {
    const key = reportKey(report);
    const reportId = ids.get(key);
    if (reportId === undefined) continue;
    ids.delete(key); // the same event twice in one batch counts once
    stored.push({ ...report, reportId });
  }
  return stored;
}

function cellKey(r: StoredReport): AggregateKey {
  return { indicator_code: r.indicatorCode, org_unit_id: r.orgUnitId, period: r.period };
}

/** Per (indicator, org unit, period) the report that wins: latest reported_at, then latest arrival. */
function latestPerCell(reports: StoredReport[]): StoredReport[] {
  const winners = new Map<string, StoredReport>();
  for (const r of reports) {
    const cell = `${r.indicatorCode}\u0000${r.orgUnitId}\u0000${r.period}`;
    const held = winners.get(cell);
    if (
      !held ||
      r.reportedAt > held.reportedAt ||
      (r.reportedAt === held.reportedAt && BigInt(r.reportId) > BigInt(held.reportId))
    ) {
      winners.set(cell, r);
    }
  }
  return [...winners.values()];
}

/** The winning reports as the statement that moves values and aggregates takes them, with their rules. */
function withRules(cells: StoredReport[], rulesFor: RulesFor): CellValue[] {
  return cells.map((r) => {
    const rules = rulesFor(r.indicatorCode, r.periodEnd);
    return {
      indicatorCode: r.indicatorCode,
      orgUnitId: r.orgUnitId,
      period: r.period,
      periodEnd: r.periodEnd,
      periodType: requirePeriod(r.period).type,
      value: r.value,
      numerator: r.numerator,
      denominator: r.denominator,
      reportedAt: r.reportedAt,
      reportId: r.reportId,
      aggregation: rules.orgUnit,
      factor: rules.factor,
    };
  });
}

/**
 * Sets the figures of stored aggregates from their sums under the rules in force — for repairs and new
 * formula versions, outside the write path (which sets them as it moves the sums). Returns the rows whose
 * figure changed; `bumpVersion` gives them a new version.
 */
export async function settleAggregates(
  m: EntityManager,
  keys: AggregateKey[],
  rulesFor: RulesFor,
  source: 'reported' | 'coarser',
  options: { bumpVersion?: boolean } = {},
): Promise<AggregateKey[]> {
  if (keys.length === 0) return [];
  const rules = keys.map((k) => rulesFor(k.indicator_code, requirePeriod(k.period).end));
  const extremes = keys
    .map((k, i) => ({ ...k, aggregation: rules[i].orgUnit, value: null, version: 0 }))
    .filter((k) => k.aggregation === 'MIN' || k.aggregation === 'MAX');
  const { changed: changedExtremes } = await settleExtremes(m, extremes, source, options);
  const changed = await settleFigures(
    m,
    keys.map((k, i) => ({ ...k, aggregation: rules[i].orgUnit, factor: rules[i].factor })),
    options.bumpVersion === true,
  );
  return [
    ...changed,
    ...changedExtremes.map(({ indicator_code, org_unit_id, period }) => ({ indicator_code, org_unit_id, period })),
  ];
}

/** Publishes the stored aggregates of the keys (`dx.indicator-aggregates.updated`, through the outbox). */
export async function publishAggregatesByKey(m: EntityManager, keys: AggregateKey[]): Promise<void> {
  if (keys.length === 0) return;
  await publishAggregates(m, await aggregateRows(m, keys));
}

/**
 * MIN and MAX over org units do not move by differences: for the moved aggregates with those rules, the
 * extremes are recomputed from what lies below them — the current values under a reported period, the units'
 * figures under a coarser one (`source`) — and become their figures. Returns the rows with their
 * settled figures in place, and which of them changed.
 */
export async function settleExtremes<
  R extends AggregateKey & { aggregation: string; value: string | null; version: number },
>(
  m: EntityManager,
  moved: R[],
  source: 'reported' | 'coarser',
  options: { bumpVersion?: boolean } = {},
): Promise<{ rows: R[]; changed: AggregateKey[] }> {
  const extremes = moved.filter((r) => r.aggregation === 'MIN' || r.aggregation === 'MAX');
  if (extremes.length === 0) return { rows: moved, changed: [] };
  const settled = await settleExtremeFigures(m, extremes, source, options.bumpVersion === true);
  const byId = new Map(settled.map((s) => [aggregateId(s), s]));
  const rows = moved.map((r) => {
    const s = byId.get(aggregateId(r));
    return s ? { ...r, value: s.value, version: s.version } : r;
  });
  return { rows, changed: settled.filter((s) => s.changed) };
}
