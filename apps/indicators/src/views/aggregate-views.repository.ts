import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CellChange, cellChanges } from './aggregate-evaluator.repository';
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
