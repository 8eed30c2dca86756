import { DomainErrorKind, DomainException } from '@dxhub/http';
import type { EntityManager } from 'typeorm';
import {
  type CombinedFigure,
  combine,
  imagesInPeriodHierarchy,
  imagesInTodaysHierarchy,
  type UnitFigure,
  unitFigures,
} from './aggregate-evaluator.repository';
import type { EvaluationScope } from './evaluation-scope';
import { placementOf } from './restatement';
import type { CellSource, Hierarchy } from './view-selection';

export interface Evaluation {
  figure: CombinedFigure;
  countedUnitIds: number[];
  placedByAncestor: string[];
  unplaced: string[];
}

/** The unit a figure is read for, and over which hierarchy. */
export interface EvaluationTarget {
  id: number;
  hierarchy: Hierarchy;
  today: string;
}

/**
 * The unit figures of the cells, placed relative to the unit read, and combined where they count — in
 * the caller's transaction (`m`), so a writer sees its own uncommitted changes. `figures` may be passed
 * when several units are read over the same scope and source.
 */
export async function evaluateFigure(
  m: EntityManager,
  scope: EvaluationScope,
  source: CellSource,
  target: EvaluationTarget,
  figures?: UnitFigure[],
): Promise<Evaluation> {
  figures ??= await unitFigures(m, scope, source);
  const images =
    target.hierarchy === 'restated'
      ? await imagesInTodaysHierarchy(m, figures, target.id, target.today)
      : (await imagesInPeriodHierarchy(m, figures, target.id)).map((image) => ({ ...image, viaAncestor: false }));
  const placements = images.map(placementOf);
  const split = figures.filter((_, i) => placements[i] === 'split').map((f) => f.orgUnitCode);
  if (split.length > 0) {
    throw new DomainException(
      DomainErrorKind.CONFLICT,
      'RESTATEMENT_THROUGH_SPLIT',
      `cannot restate ${scope.indicatorCode} onto this unit: ${split.slice(0, 10).join(', ')}` +
        `${split.length > 10 ? ` and ${split.length - 10} more` : ''} went partly into it and partly elsewhere (a split ` +
        'commune, a district, or a unit whose successor is not recorded and is placed by its district), and the ' +
        'mapping records no shares to divide a figure by; read a unit of today that holds all of it (e.g. the province)',
    );
  }
  const counted = figures.filter((_, i) => placements[i] === 'counts');
  return {
    figure: await combine(m, counted, scope),
    countedUnitIds: counted.map((f) => f.orgUnitId),
    placedByAncestor: figures
      .filter((_, i) => placements[i] === 'counts' && images[i].viaAncestor)
      .map((f) => f.orgUnitCode),
    unplaced: figures.filter((_, i) => placements[i] === 'unplaced').map((f) => f.orgUnitCode),
  };
}
