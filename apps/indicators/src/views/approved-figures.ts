import { EventTypes } from '@dxhub/contracts';
import { coarserPeriods, requirePeriod } from '@dxhub/periods';
import type { EntityManager } from 'typeorm';
import { type AggregateKey, aggregateId } from '../aggregates/aggregate-key';
import { publishAggregates } from '../aggregates/aggregate-events.repository';
import type { AggregateRow } from '../aggregates/aggregate-row';
import type { CatalogueService } from '../catalogue/catalogue.service';
import { type CombinedFigure, unitFigures } from './aggregate-evaluator.repository';
import { aggregatesAbove, upsertChangedFigures } from './approved-figures.repository';
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
  const keys = await aggregateKeysAbove(m, cells);
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
async function aggregateKeysAbove(m: EntityManager, cells: ApprovalChangedCell[]): Promise<AggregateKey[]> {
  const candidates = cells.flatMap((c) =>
    [requirePeriod(c.period), ...coarserPeriods(requirePeriod(c.period))].map((p) => ({
      indicator_code: c.indicatorCode,
      org_unit_id: c.orgUnitId,
      period: p.id,
    })),
  );
  return aggregatesAbove(m, candidates);
}

/** The figures that differ from the last published ones, stored (upsertChangedFigures) and returned as they now stand. */
async function storeChangedFigures(
  m: EntityManager,
  figures: { key: AggregateKey; figure: CombinedFigure }[],
): Promise<AggregateRow[]> {
  if (figures.length === 0) return [];
  const none = (f: CombinedFigure) => f.unitCount === 0;
  return upsertChangedFigures(
    m,
    figures.map(({ key, figure }) => ({
      key,
      value: none(figure) ? null : figure.value,
      numerator: none(figure) ? '0' : figure.numerator,
      denominator: none(figure) ? '0' : figure.denominator,
      valueCount: none(figure) ? 0 : figure.valueCount,
    })),
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
