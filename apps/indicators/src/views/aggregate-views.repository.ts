import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { storedFigure } from '../aggregates/aggregates.repository';
import { type CellChange, cellChanges, type CombinedFigure } from './aggregate-evaluator.repository';
import type { EvaluationScope } from './evaluation-scope';
import { type Evaluation, type EvaluationTarget, evaluateFigure } from './figure-evaluation';
import type { CellSource } from './view-selection';

/**
 * The views endpoint's reads: the evaluator's statements outside any transaction (a writer runs the same
 * statements in its own, through evaluateFigure and cellChanges directly).
 */
@Injectable()
export class AggregateViewsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The figure of `source`'s cells for the unit read (see evaluateFigure). */
  evaluate(scope: EvaluationScope, source: CellSource, target: EvaluationTarget): Promise<Evaluation> {
    return evaluateFigure(this.dataSource.manager, scope, source, target);
  }

  /** The stored aggregate's figure (null: no row), what the default view evaluates to. */
  stored(indicatorCode: string, orgUnitId: number, period: string): Promise<CombinedFigure | null> {
    return storedFigure(this.dataSource.manager, { indicator_code: indicatorCode, org_unit_id: orgUnitId, period });
  }

  /** The cells of `units` whose value under `source` differs from the current one, at most `limit` of them. */
  cellChanges(
    scope: EvaluationScope,
    source: CellSource,
    units: number[],
    limit: number,
  ): Promise<{ changes: CellChange[]; total: number }> {
    return cellChanges(this.dataSource.manager, scope, source, units, limit);
  }
}
