import type { DtiPartScoreV1 } from '@dxhub/contracts';
import { type Period } from '@dxhub/periods';
import type { ProjectedScores } from '../scores/dti-scores.repository';
import type { ProjectedStanding } from '../standings/standings.repository';
import { frameworkNamed } from './dti-framework';
import { lineJudgement } from './line-judgement';
import { type IndicatorDefinition, nationalAverageFor, previousPeriods, type Status, targetFor } from './scoring';

/** How many earlier periods of the same type the trend shows. */
export const TREND_PERIODS = 4;

export interface IndicatorLine {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  pillar: string | null;
  subIndex: string | null;
  direction: string;
  value: number | null;
  target: number | null;
  targetYear: number | null;
  comparator: string | null;
  nationalAverage: number | null;
  achievement: number | null;
  status: Status;
  trend: { period: string; value: number | null }[];
  /** The aggregate's version, and where to see how the figure was built (the indicators service). */
  version: number | null;
  /**
   * The aggregate version of the indicators service's latest projected standing of the figure: achievement and
   * status are that standing's when it equals `version` (line-judgement.ts), none while it lags.
   */
  standingVersion: number | null;
  explain: string;
}

export interface ScoredPart {
  code: string;
  nameVi: string;
  nameEn: string;
  /**
   * 0–1, as the indicators service published it (`dx.dti-score.updated`): achievement (capped at 100 %) averaged
   * over the indicators that have a value and a target; null before any score was published for the unit and period.
   */
  score: number | null;
  maxPoints: number;
  /** Indicators with a standing (a value and a target) / indicators counted in the part, as published; 0 before. */
  scored: number;
  indicators: number;
}

export interface Scorecard {
  orgUnit: { code: string; nameVi: string };
  period: string;
  framework: { code: string; decision: string; pointsInferred: boolean; formula: string };
  overall: { score: number | null; points: number | null; maxPoints: number; coverage: number };
  pillars: (ScoredPart & { indexes: string[] })[];
  indexes: (ScoredPart & { group: string; lines: IndicatorLine[] })[];
  /** Indicators outside the index structure (published DTI results, ranks). */
  other: IndicatorLine[];
}

/** Values of one org unit: indicator code → period → value. */
export type ValueLookup = (indicator: string, period: string) => { value: number | null; version: number } | undefined;

/** The projected standings of one org unit (the indicators service's judgements): indicator code → period → standing. */
export type StandingLookup = (indicator: string, period: string) => ProjectedStanding | undefined;

/**
 * The scorecard of one org unit for one period, laid out as the provincial DTI is: every indicator
 * (value, target, national average, trend, and achievement and status as the indicators service judged the
 * figure: line-judgement.ts), main-index scores, pillar scores and the overall index. The scores are the
 * indicators service's (`scores`, projected from `dx.dti-score.updated`), never computed here; names, layout,
 * points and the formula come from the framework's structure (seeds/dti-framework.json). Without published
 * scores for the unit and period every score is null and the coverage 0.
 */
export function buildScorecard(input: {
  orgUnit: { code: string; nameVi: string };
  period: Period;
  definitions: Map<string, IndicatorDefinition>;
  values: ValueLookup;
  standings: StandingLookup;
  /** Indicator codes the aggregates name that the catalogue does not (yet) define. */
  extraCodes?: string[];
  /** The published scores of the unit and period (dti_scores), if any yet. */
  scores?: ProjectedScores;
}): Scorecard {
  const { period, definitions, values } = input;
  const framework = frameworkNamed(input.scores?.framework, period.year);
  const trendPeriods = previousPeriods(period, TREND_PERIODS);
  const codes = [...new Set([...definitions.keys(), ...(input.extraCodes ?? [])])].sort();
  const lines = codes.map((code): IndicatorLine => {
    const def = definitions.get(code) ?? { code };
    const current = values(code, period.id);
    const judgement = lineJudgement(targetFor(def, period), current, input.standings(code, period.id));
    return {
      code,
      nameVi: def.nameVi ?? code,
      nameEn: def.nameEn ?? code,
      unit: def.unit ?? '',
      pillar: def.pillar ?? null,
      subIndex: def.subIndex ?? null,
      direction: def.direction ?? 'HIGHER_IS_BETTER',
      value: current?.value ?? null,
      target: judgement.target,
      targetYear: judgement.targetYear,
      comparator: judgement.comparator,
      nationalAverage: nationalAverageFor(def, period)?.value ?? null,
      achievement: judgement.achievement,
      status: judgement.status,
      trend: [...trendPeriods, period].map((p) => ({ period: p.id, value: values(code, p.id)?.value ?? null })),
      version: current?.version ?? null,
      standingVersion: judgement.standingVersion,
      explain: `/v1/aggregates/explain?indicator=${code}&orgUnit=${input.orgUnit.code}&period=${period.id}`,
    };
  });

  const published = input.scores;
  const indexed = new Set(framework.indexes.map((i) => i.code));
  const points = new Map(framework.indexes.map((i) => [i.code, i.maxPoints]));
  return {
    orgUnit: input.orgUnit,
    period: period.id,
    framework: {
      code: published?.framework ?? framework.framework,
      decision: published?.decision ?? framework.decision,
      pointsInferred: published?.pointsInferred ?? framework.pointsInferred,
      formula: framework.total.formula,
    },
    overall: {
      score: publishedPart(published, 'overall', OVERALL_PART).score,
      points: published?.points ?? null,
      maxPoints: framework.total.maxPoints,
      coverage: published?.coverage ?? 0,
    },
    pillars: framework.pillars.map((p) => ({
      code: p.code,
      nameVi: p.nameVi,
      nameEn: p.nameEn,
      indexes: p.indexes,
      ...publishedPart(published, 'pillar', p.code),
      maxPoints: p.indexes.reduce((sum, code) => sum + (points.get(code) ?? 0), 0),
    })),
    indexes: framework.indexes.map((i) => ({
      code: i.code,
      nameVi: i.nameVi,
      nameEn: i.nameEn,
      group: i.group,
      maxPoints: i.maxPoints,
      ...publishedPart(published, 'index', i.code),
      lines: lines.filter((l) => l.subIndex === i.code),
    })),
    other: lines.filter((l) => !l.subIndex || !indexed.has(l.subIndex)),
  };
}

/** The code of the overall index among the published parts. */
export const OVERALL_PART = 'DTI';

/** A part's published score and counts; null and 0 when none was published. */
export function publishedPart(
  scores: ProjectedScores | undefined,
  kind: DtiPartScoreV1['kind'],
  code: string,
): { score: number | null; scored: number; indicators: number } {
  const part = scores?.parts.find((p) => p.kind === kind && p.code === code);
  return { score: part?.score ?? null, scored: part?.scored ?? 0, indicators: part?.indicators ?? 0 };
}

/** Ranks by value, best first (direction-aware); ties share a rank, as the DTI ranking does. */
export function rank<T extends { value: number | null }>(
  rows: T[],
  lowerIsBetter = false,
): (T & { rank: number | null })[] {
  const sorted = [...rows].sort((a, b) => {
    if (a.value === null) return b.value === null ? 0 : 1;
    if (b.value === null) return -1;
    return lowerIsBetter ? a.value - b.value : b.value - a.value;
  });
  let previous: number | null = null;
  let previousRank = 0;
  return sorted.map((row, i) => {
    if (row.value === null) return { ...row, rank: null };
    const r = row.value === previous ? previousRank : i + 1;
    previous = row.value;
    previousRank = r;
    return { ...row, rank: r };
  });
}
