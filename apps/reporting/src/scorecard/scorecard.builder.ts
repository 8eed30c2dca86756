import { type Period } from '@dxhub/periods';
import { frameworkFor } from './dti-framework';
import { scoreByFramework } from '@dxhub/scoring';
import type { ProjectedStanding } from '../standings/standings.repository';
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
  /** 0–1: achievement (capped at 100 %) averaged over the indicators that have a value and a target (@dxhub/scoring). */
  score: number | null;
  maxPoints: number;
  /** Indicators with a value and a target / indicators in the part. */
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
 * figure: line-judgement.ts), main-index scores, pillar scores and the overall index (points = score × the index's points, summed over the indexes that have
 * data and divided by their points: indexes without data are left out rather than counted as zero).
 */
export function buildScorecard(input: {
  orgUnit: { code: string; nameVi: string };
  period: Period;
  definitions: Map<string, IndicatorDefinition>;
  values: ValueLookup;
  standings: StandingLookup;
  /** Indicator codes the aggregates name that the catalogue does not (yet) define. */
  extraCodes?: string[];
}): Scorecard {
  const { period, definitions, values } = input;
  const framework = frameworkFor(period.year);
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

  const scores = scoreByFramework(
    framework,
    lines.map((l) => ({ subIndex: l.subIndex, achievement: l.achievement === null ? null : String(l.achievement) })),
  );
  const indexed = new Set(framework.indexes.map((i) => i.code));
  return {
    orgUnit: input.orgUnit,
    period: period.id,
    framework: scores.framework,
    overall: {
      score: numberOrNull(scores.overall.score),
      points: numberOrNull(scores.overall.points),
      maxPoints: scores.overall.maxPoints,
      coverage: Number(scores.overall.coverage),
    },
    pillars: scores.pillars.map((p) => ({ ...p, score: numberOrNull(p.score) })),
    indexes: scores.indexes.map((i) => ({
      ...i,
      score: numberOrNull(i.score),
      lines: lines.filter((l) => l.subIndex === i.code),
    })),
    other: lines.filter((l) => !l.subIndex || !indexed.has(l.subIndex)),
  };
}

function numberOrNull(decimal: string | null): number | null {
  return decimal === null ? null : Number(decimal);
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
