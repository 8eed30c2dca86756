import { type Period } from '@dxhub/periods';
import { frameworkFor } from './dti-framework';
import {
  achievement,
  type IndicatorDefinition,
  nationalAverageFor,
  previousPeriods,
  round,
  type Status,
  status,
  targetFor,
} from './scoring';

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
  explain: string;
}

export interface ScoredPart {
  code: string;
  nameVi: string;
  nameEn: string;
  /** 0–1: achievement (capped at 100 %) averaged over the indicators that have a value and a target. */
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

/**
 * The scorecard of one org unit for one period, laid out as the provincial DTI is: every indicator
 * (value, target on its path, national average, achievement, status, trend), main-index scores, pillar
 * scores and the overall index (points = score × the index's points, summed over the indexes that have
 * data and divided by their points: indexes without data are left out rather than counted as zero).
 */
export function buildScorecard(input: {
  orgUnit: { code: string; nameVi: string };
  period: Period;
  definitions: Map<string, IndicatorDefinition>;
  values: ValueLookup;
  /** Indicator codes the aggregates name that the catalogue does not (yet) define. */
  extraCodes?: string[];
}): Scorecard {
  const { period, definitions, values } = input;
  const framework = frameworkFor(period.year);
  const trendPeriods = previousPeriods(period, TREND_PERIODS);
  const codes = [...new Set([...definitions.keys(), ...(input.extraCodes ?? [])])].sort();
  const lines = codes.map((code): IndicatorLine => {
    const def = definitions.get(code) ?? { code };
    const target = targetFor(def, period);
    const current = values(code, period.id);
    const value = current?.value ?? null;
    return {
      code,
      nameVi: def.nameVi ?? code,
      nameEn: def.nameEn ?? code,
      unit: def.unit ?? '',
      pillar: def.pillar ?? null,
      subIndex: def.subIndex ?? null,
      direction: def.direction ?? 'HIGHER_IS_BETTER',
      value,
      target: target?.value ?? null,
      targetYear: target?.year ?? null,
      comparator: target?.comparator ?? null,
      nationalAverage: nationalAverageFor(def, period)?.value ?? null,
      achievement: achievement(def, value, target),
      status: status(def, value, target),
      trend: [...trendPeriods, period].map((p) => ({ period: p.id, value: values(code, p.id)?.value ?? null })),
      version: current?.version ?? null,
      explain: `/v1/aggregates/explain?indicator=${code}&orgUnit=${input.orgUnit.code}&period=${period.id}`,
    };
  });

  const indexes = framework.indexes.map((index) => {
    const own = lines.filter((l) => l.subIndex === index.code);
    return { ...part(index, own, index.maxPoints ?? 0), group: index.group, lines: own };
  });
  const indexByCode = new Map(indexes.map((i) => [i.code, i]));
  const pillars = framework.pillars.map((pillar) => {
    const members = pillar.indexes
      .map((c) => indexByCode.get(c))
      .filter((i): i is (typeof indexes)[number] => i !== undefined);
    const scoredMembers = members.filter((m) => m.score !== null && m.maxPoints > 0);
    const points = scoredMembers.reduce((s, m) => s + (m.score ?? 0) * m.maxPoints, 0);
    const max = scoredMembers.reduce((s, m) => s + m.maxPoints, 0);
    return {
      code: pillar.code,
      nameVi: pillar.nameVi,
      nameEn: pillar.nameEn,
      score: max > 0 ? round(points / max, 4) : null,
      maxPoints: members.reduce((s, m) => s + m.maxPoints, 0),
      scored: members.reduce((s, m) => s + m.scored, 0),
      indicators: members.reduce((s, m) => s + m.indicators, 0),
      indexes: pillar.indexes,
    };
  });
  const scoredIndexes = indexes.filter((i) => i.score !== null && i.maxPoints > 0);
  const points = scoredIndexes.reduce((s, i) => s + (i.score ?? 0) * i.maxPoints, 0);
  const covered = scoredIndexes.reduce((s, i) => s + i.maxPoints, 0);
  const indexed = new Set(framework.indexes.map((i) => i.code));
  return {
    orgUnit: input.orgUnit,
    period: period.id,
    framework: {
      code: framework.framework,
      decision: framework.decision,
      pointsInferred: framework.pointsInferred,
      formula: framework.total.formula,
    },
    overall: {
      score: covered > 0 ? round(points / covered, 4) : null,
      points: covered > 0 ? round((points / covered) * framework.total.maxPoints, 1) : null,
      maxPoints: framework.total.maxPoints,
      coverage: round(covered / framework.total.maxPoints, 4),
    },
    pillars,
    indexes,
    other: lines.filter((l) => !l.subIndex || !indexed.has(l.subIndex)),
  };
}

function part(
  meta: { code: string; nameVi: string; nameEn: string },
  lines: IndicatorLine[],
  maxPoints: number,
): ScoredPart {
  const scored = lines.filter((l) => l.achievement !== null);
  const score =
    scored.length > 0
      ? round(scored.reduce((s, l) => s + Math.min(100, l.achievement ?? 0) / 100, 0) / scored.length, 4)
      : null;
  return {
    code: meta.code,
    nameVi: meta.nameVi,
    nameEn: meta.nameEn,
    score,
    maxPoints,
    scored: scored.length,
    indicators: lines.length,
  };
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
