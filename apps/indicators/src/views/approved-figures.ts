import { EventTypes } from '@dxhub/contracts';
import { coarserPeriods, requirePeriod } from '@dxhub/periods';
import type { EntityManager } from 'typeorm';
import { type AggregateKey, aggregateId, keyColumns } from '../aggregates/aggregate-key';
import type { AggregateRow } from '../aggregates/aggregate-moves';
import { publishAggregates } from '../aggregates/aggregate-events';
import type { CatalogueService } from '../catalogue/catalogue.service';
import { type CombinedFigure, unitFigures } from './aggregate-evaluator';
import { scopeOf } from './evaluation-scope';
import { evaluateFigure } from './figure-evaluation';
import type { CellSource } from './view-selection';

/** A cell (indicator, org unit version, reported period) whose approval state just changed. */
export interface ApprovalChangedCell {
  indicatorCode: string;
  orgUnitId: number;
  period: string;
}

const APPROVED_ONLY: CellSource = { kind: 'current', approvedOnly: true };

/**
 * Recomputes the approved-only figures above cells whose approval state changed (approved, returned, or
 * back to pending after a correction) and publishes a `dx.indicator-aggregate.approved` for each figure
 * that changed, in the caller's transaction. The figures come from the views' evaluator (the same rules
 * as the stored aggregates, counting approved cells only); the aggregates above a cell are those of its
 * ancestors for its period and the coarser periods holding it. Approval changes are human-sized (an
 * approver's batch), not intake-sized, so each figure is evaluated on its own. The caller holds the
 * indicators' locks (lockIndicators), so two approvals cannot publish figures that miss each other's cells.
 * Returns how many figures changed.
 */
export async function publishApprovedFigures(
  m: EntityManager,
  catalogue: CatalogueService,
  cells: ApprovalChangedCell[],
): Promise<number> {
  if (cells.length === 0) return 0;
  const keys = await aggregatesAbove(m, cells);
  const figures: { key: AggregateKey; aggregation: string; figure: CombinedFigure }[] = [];
  for (const [scopeKey, group] of groupBy(keys, (k) => `${k.indicator_code}\u0000${k.period}`)) {
    const [indicatorCode, periodId] = scopeKey.split('\u0000');
    const period = requirePeriod(periodId);
    const indicator = catalogue.indicatorOn(indicatorCode, period.end);
    if (!indicator) continue;
    const scope = scopeOf(indicator, period);
    const unitFiguresOfScope = await unitFigures(m, scope, APPROVED_ONLY);
    for (const key of group) {
      const target = { id: key.org_unit_id, hierarchy: 'as-of-period' as const, today: period.end };
      const { figure } = await evaluateFigure(m, scope, APPROVED_ONLY, target, unitFiguresOfScope);
      figures.push({ key, aggregation: scope.orgUnitRule, figure });
    }
  }
  const changed = await storeChangedFigures(m, figures);
  const aggregationOf = new Map(figures.map((f) => [aggregateId(f.key), f.aggregation]));
  await publishAggregates(
    m,
    changed.map((row) => ({ ...row, aggregation: aggregationOf.get(aggregateId(row)) ?? row.aggregation })),
    EventTypes.INDICATOR_AGGREGATE_APPROVED,
  );
  return changed.length;
}

/**
 * The aggregates a cell counts toward: those of its org unit and every unit it has been under, for its
 * period and the coarser periods holding it. Over-approximating (any validity of the hierarchy) is
 * harmless: a figure that did not change is not published.
 */
async function aggregatesAbove(m: EntityManager, cells: ApprovalChangedCell[]): Promise<AggregateKey[]> {
  const candidates = cells.flatMap((c) =>
    [requirePeriod(c.period), ...coarserPeriods(requirePeriod(c.period))].map((p) => ({
      indicator_code: c.indicatorCode,
      org_unit_id: c.orgUnitId,
      period: p.id,
    })),
  );
  return m.query(
    `SELECT DISTINCT a.indicator_code, a.org_unit_id, a.period
     FROM unnest($1::text[], $2::int[], $3::text[]) AS c(indicator_code, org_unit_id, period)
     JOIN org_unit_closure cl ON cl.descendant_id = c.org_unit_id
     JOIN indicator_aggregates a ON a.indicator_code = c.indicator_code AND a.org_unit_id = cl.ancestor_id
                                AND a.period = c.period
     ORDER BY a.indicator_code, a.period, a.org_unit_id`,
    keyColumns(candidates),
  );
}

/**
 * Upserts the figures that differ from the last published ones (a new version each) and returns them as
 * they now stand. A figure with no approved value is stored (value null) only when one was published before.
 */
async function storeChangedFigures(
  m: EntityManager,
  figures: { key: AggregateKey; figure: CombinedFigure }[],
): Promise<AggregateRow[]> {
  if (figures.length === 0) return [];
  const none = (f: CombinedFigure) => f.unitCount === 0;
  return m.query(
    `WITH t AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::bigint[])
                AS t(indicator_code, org_unit_id, period, value, numerator_sum, denominator_sum, value_count)
     ),
     changed AS (
       INSERT INTO approved_figures AS a (indicator_code, org_unit_id, period, value, numerator_sum, denominator_sum,
                                         value_count, version)
       SELECT t.*, 1 FROM t
       WHERE t.value_count > 0
          OR EXISTS (SELECT 1 FROM approved_figures f
                     WHERE (f.indicator_code, f.org_unit_id, f.period) = (t.indicator_code, t.org_unit_id, t.period))
       ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
         SET value = EXCLUDED.value, numerator_sum = EXCLUDED.numerator_sum, denominator_sum = EXCLUDED.denominator_sum,
             value_count = EXCLUDED.value_count, version = a.version + 1, updated_at = now()
         WHERE (a.value, a.numerator_sum, a.denominator_sum, a.value_count)
               IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.numerator_sum, EXCLUDED.denominator_sum, EXCLUDED.value_count)
       RETURNING a.*
     )
     SELECT c.indicator_code, c.org_unit_id, o.code AS org_unit_code, o.name_vi AS org_unit_name, c.period,
            '' AS aggregation, c.value::text AS value, c.numerator_sum::text AS numerator,
            c.denominator_sum::text AS denominator, c.value_count::int AS value_count, c.version::int AS version,
            c.updated_at
     FROM changed c JOIN org_units o ON o.id = c.org_unit_id
     ORDER BY c.indicator_code, c.period, o.code`,
    [
      ...keyColumns(figures.map((f) => f.key)),
      figures.map((f) => (none(f.figure) ? null : f.figure.value)),
      figures.map((f) => (none(f.figure) ? '0' : f.figure.numerator)),
      figures.map((f) => (none(f.figure) ? '0' : f.figure.denominator)),
      figures.map((f) => (none(f.figure) ? 0 : f.figure.valueCount)),
    ],
  );
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
