import { Injectable } from '@nestjs/common';
import { Clock } from '@dxhub/calendar';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { type Period, requirePeriod } from '@dxhub/periods';
import { resolveAggregateAddress } from '../catalogue/aggregate-address';
import { CatalogueService, type OrgUnitVersion } from '../catalogue/catalogue.service';
import type { CatalogueIndicator } from '../catalogue/indicator-versions';
import { type TargetStanding, targetStanding } from '../targets/target-standing';
import type { CellChange, CombinedFigure } from './aggregate-evaluator.repository';
import { AggregateViewsRepository } from './aggregate-views.repository';
import type { Evaluation } from './figure-evaluation';
import { scopeOf } from './evaluation-scope';
import { type Hierarchy, selectView, type ViewSelection } from './view-selection';

/** Corrections listed in one answer; `correctionCount` says how many there are in all. */
export const CORRECTIONS_LIMIT = 500;

export const RESTATEMENT_RULE =
  'Each unit counts toward the unit of today its whole territory went into (the 2025 mapping, NQ 1663/NQ-UBTVQH15; ' +
  'a district or the old province through the communes below it). A unit split between the unit read and another ' +
  'is refused: the mapping records no shares to divide its figure by. A unit ended before the reform, whose ' +
  'successor is not recorded, is placed by its nearest ancestor (so it counts toward the new province, not a new commune).';

export interface AggregateViewQuery {
  indicator: string;
  orgUnit: string;
  period: string;
  status?: string;
  view?: string;
  asOf?: string;
  hierarchy?: string;
}

export interface FigureNumbers {
  value: number | null;
  numerator: number;
  denominator: number;
  valueCount: number;
  unitCount: number;
}

export interface AggregateViewResult extends FigureNumbers, Partial<TargetStanding> {
  indicatorCode: string;
  orgUnit: { code: string; nameVi: string; validFrom: string | null; validTo: string | null };
  period: string;
  view: ViewSelection['view'];
  asOf: string | null;
  status: ViewSelection['status'];
  hierarchy: Hierarchy;
  rules: { orgUnit: string; time: string | null; factor: number | null; reportedPeriodType: string };
  /** The figure of the current values (pending included), when the view reads other cells. */
  current?: FigureNumbers;
  /** Cells whose value under this view differs from the current one, when the view reads other cells. */
  corrections?: CellChange[];
  correctionCount?: number;
  restatement?: { rule: string; placedByAncestor: string[]; unplaced: string[] };
}

/**
 * Figures computed on demand from the stored values, under a view: the current values (all or approved
 * only), each cell's first published report, or what was known at a time; over the hierarchy of the
 * period or restated to today's units. One evaluator for all of them: the unit figures by the rule over
 * time, placed under the unit read, combined by the rule over org units. With the default view it gives
 * the stored aggregate.
 */
@Injectable()
export class AggregateViewsService {
  constructor(
    private readonly figures: AggregateViewsRepository,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
  ) {}

  /**
   * The figure of one aggregate under the view asked for. The default view (current values, pending included, over
   * the hierarchy of the period) is the stored aggregate: one row by key rather than every unit's cells, and the
   * same answer (the aggregate-views spec evaluates every stored row, and `recompute --check` recomputes them).
   * `evaluate` computes it from the cells all the same.
   */
  async read(
    query: AggregateViewQuery,
    options: { today?: string; evaluate?: boolean } = {},
  ): Promise<AggregateViewResult> {
    const today = options.today ?? this.clock.now().toISOString().slice(0, 10);
    const selection = selectView(query);
    const { indicator, orgUnit, period } = this.resolve(query, selection.hierarchy, today);
    const scope = scopeOf(indicator, period);
    const target = { id: orgUnit.id, hierarchy: selection.hierarchy, today };
    const viewed =
      isStoredView(selection) && !options.evaluate
        ? storedEvaluation(await this.figures.stored(indicator.code, orgUnit.id, period.id))
        : await this.figures.evaluate(scope, selection.source, target);
    if (viewed.figure.unitCount === 0) {
      throw new DomainException(
        DomainErrorKind.NOT_FOUND,
        'AGGREGATE_NOT_FOUND',
        `no value of ${indicator.code} counts toward ${orgUnit.code} in ${period.id} under view=${selection.view}` +
          `${selection.asOf ? ` asOf=${selection.asOf}` : ''}, status=${selection.status}, hierarchy=${selection.hierarchy}`,
      );
    }
    const result: AggregateViewResult = {
      indicatorCode: indicator.code,
      orgUnit: { code: orgUnit.code, nameVi: orgUnit.nameVi, validFrom: orgUnit.validFrom, validTo: orgUnit.validTo },
      period: period.id,
      view: selection.view,
      asOf: selection.asOf,
      status: selection.status,
      hierarchy: selection.hierarchy,
      rules: {
        orgUnit: scope.orgUnitRule,
        time: period.type === indicator.periodType ? null : scope.timeRule,
        factor: scope.factor,
        reportedPeriodType: indicator.periodType,
      },
      ...numbers(viewed.figure),
      ...targetStanding(indicator.definition, period.end, viewed.figure.value),
    };
    if (selection.source.kind !== 'current') {
      const current = await this.figures.evaluate(scope, { kind: 'current', approvedOnly: false }, target);
      const units = [...new Set([...viewed.countedUnitIds, ...current.countedUnitIds])];
      const { changes, total } = await this.figures.cellChanges(scope, selection.source, units, CORRECTIONS_LIMIT);
      Object.assign(result, { current: numbers(current.figure), corrections: changes, correctionCount: total });
    }
    if (selection.hierarchy === 'restated') {
      result.restatement = {
        rule: RESTATEMENT_RULE,
        placedByAncestor: viewed.placedByAncestor,
        unplaced: viewed.unplaced,
      };
    }
    return result;
  }

  /**
   * Over the hierarchy of the period the org unit is the version in force on the period's last day; restated,
   * it is a unit of today (82 is then the new Tỉnh Đồng Tháp, 28249 Phường Đạo Thạnh).
   */
  private resolve(
    query: AggregateViewQuery,
    hierarchy: Hierarchy,
    today: string,
  ): { indicator: CatalogueIndicator; orgUnit: OrgUnitVersion; period: Period } {
    if (hierarchy === 'as-of-period')
      return resolveAggregateAddress(this.catalogue, query.indicator, query.orgUnit, query.period);
    const period = requirePeriod(query.period);
    const indicator = this.catalogue.indicatorOn(query.indicator, period.end);
    if (!indicator) {
      throw new DomainException(
        DomainErrorKind.NOT_FOUND,
        'INDICATOR_NOT_FOUND',
        `unknown indicator '${query.indicator}'`,
      );
    }
    const orgUnit = this.catalogue.orgUnitOn(query.orgUnit, today);
    if (!orgUnit) {
      throw new DomainException(
        DomainErrorKind.NOT_FOUND,
        'ORG_UNIT_NOT_FOUND',
        `org unit '${query.orgUnit}' does not exist today (${today}); hierarchy=restated reads figures for the units of today`,
      );
    }
    return { indicator, orgUnit, period };
  }
}

/** Whether the view is the one the stored aggregates keep: current values, pending included, as of the period. */
function isStoredView(selection: ViewSelection): boolean {
  return (
    selection.source.kind === 'current' && !selection.source.approvedOnly && selection.hierarchy === 'as-of-period'
  );
}

/**
 * A stored aggregate as an evaluation (no row: nothing counts). The default view reads no counted units,
 * placements or corrections: those belong to the other views.
 */
function storedEvaluation(figure: CombinedFigure | null): Evaluation {
  return {
    figure: figure ?? { value: null, numerator: '0', denominator: '0', valueCount: 0, unitCount: 0 },
    countedUnitIds: [],
    placedByAncestor: [],
    unplaced: [],
  };
}

function numbers(f: CombinedFigure): FigureNumbers {
  return {
    value: f.value === null ? null : Number(f.value),
    numerator: Number(f.numerator),
    denominator: Number(f.denominator),
    valueCount: f.valueCount,
    unitCount: f.unitCount,
  };
}
