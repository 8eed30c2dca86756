import { type Decimal, decimal, decimalText, dividedBy, HUNDRED, min, rounded, times, ZERO } from './decimal';

/** A main index (sub-index) of a framework: what its score is worth in points. */
export interface FrameworkIndex {
  code: string;
  nameVi: string;
  nameEn: string;
  group: string;
  /** Points in the framework; null where the source gives none. */
  maxPoints: number | null;
}

/** A pillar: the indexes it is made of (indexes may count in several pillars). */
export interface FrameworkPillar {
  code: string;
  nameVi: string;
  nameEn: string;
  indexes: string[];
}

/** A weighting framework as seeds/dti-framework.json holds one per version. */
export interface ScoringFramework {
  framework: string;
  decision: string;
  years: number[];
  indexes: FrameworkIndex[];
  pillars: FrameworkPillar[];
  total: { maxPoints: number; formula: string; inferred?: boolean };
}

/** The framework in force for a year, every index with points; `pointsInferred` when some were borrowed. */
export type ResolvedFramework = Omit<ScoringFramework, 'indexes'> & {
  indexes: (FrameworkIndex & { maxPoints: number })[];
  pointsInferred: boolean;
};

/**
 * The framework that scores a year: the one listing the year; a year after the last framework's uses the
 * last, a year before the first the first. Frameworks without indexes (DTI-2020's pillar-only split) are
 * skipped: achievements are weighted through indexes. An index without points (DTI-2025: the split was
 * not found) borrows them from the latest framework that gives every index's points, else 100.
 */
export function frameworkFor(frameworks: readonly ScoringFramework[], year: number): ResolvedFramework {
  const withIndexes = frameworks.filter((f) => f.indexes.length > 0);
  if (withIndexes.length === 0) throw new Error('no framework with indexes to score by');
  const lastYear = Math.max(...withIndexes.flatMap((f) => f.years));
  const chosen =
    withIndexes.find((f) => f.years.includes(year)) ??
    (year > lastYear ? withIndexes[withIndexes.length - 1] : withIndexes[0]);
  const reference = [...withIndexes].reverse().find((f) => f.indexes.every((i) => i.maxPoints !== null));
  let pointsInferred = false;
  const indexes = chosen.indexes.map((i) => {
    if (i.maxPoints !== null) return { ...i, maxPoints: i.maxPoints };
    pointsInferred = true;
    return { ...i, maxPoints: reference?.indexes.find((r) => r.code === i.code)?.maxPoints ?? 100 };
  });
  return { ...chosen, indexes, pointsInferred };
}

/** One indicator's achievement (percent, decimal string) and the index it feeds. */
export interface IndexedAchievement {
  subIndex: string | null;
  achievement: string | null;
}

/** A scored part (index, pillar or the whole): scores are 0–1 decimal strings with SCORE_DIGITS digits. */
export interface PartScore {
  code: string;
  nameVi: string;
  nameEn: string;
  /** Null when no indicator of the part has an achievement. */
  score: string | null;
  maxPoints: number;
  /** Indicators with an achievement / indicators in the part. */
  scored: number;
  indicators: number;
}

export interface FrameworkScores {
  framework: { code: string; decision: string; pointsInferred: boolean; formula: string };
  indexes: (PartScore & { group: string })[];
  pillars: (PartScore & { indexes: string[] })[];
  overall: { score: string | null; points: string | null; maxPoints: number; coverage: string };
}

/** Scores keep 4 digits, as the DTI publishes its index values (0.8002). */
export const SCORE_DIGITS = 4;

/**
 * Weights achievements by a framework, the way the provincial DTI adds up:
 * - an index's score is the mean of its indicators' achievements, each clamped at 100 %, as a 0–1 value
 *   rounded to SCORE_DIGITS (the published index values are what pillars and the total are built from);
 * - a pillar's score is Σ(index score × index points) ÷ Σ index points over its indexes that have a score
 *   and points (DTI-2022: CQS 700, KTS 650, XHS 650 points; unscored indexes such as DTTM count nothing);
 * - the overall score is the same over all indexes, so with every index scored it is Σ points ÷ 1000;
 *   `points` is that score × the framework's total, `coverage` the share of the total that had data.
 * Indexes without data are left out rather than counted as zero: a figure not yet reported is not a fail.
 */
export function scoreByFramework(
  framework: ResolvedFramework,
  achievements: readonly IndexedAchievement[],
): FrameworkScores {
  const indexes = framework.indexes.map((index) => {
    const own = achievements.filter((a) => a.subIndex === index.code);
    const reached = own.filter((a): a is { subIndex: string; achievement: string } => a.achievement !== null);
    const sum = reached.reduce((s, a) => s + min(decimal(a.achievement), HUNDRED), ZERO);
    const score = reached.length > 0 ? rounded(dividedBy(sum, HUNDRED * BigInt(reached.length)), SCORE_DIGITS) : null;
    return {
      code: index.code,
      nameVi: index.nameVi,
      nameEn: index.nameEn,
      group: index.group,
      maxPoints: index.maxPoints,
      score,
      scored: reached.length,
      indicators: own.length,
    };
  });
  const byCode = new Map(indexes.map((i) => [i.code, i]));
  const pillars = framework.pillars.map((pillar) => {
    const members = pillar.indexes
      .map((c) => byCode.get(c))
      .filter((i): i is (typeof indexes)[number] => i !== undefined);
    const weighted = weigh(members);
    return {
      code: pillar.code,
      nameVi: pillar.nameVi,
      nameEn: pillar.nameEn,
      indexes: pillar.indexes,
      score: weighted.score === null ? null : decimalText(weighted.score),
      maxPoints: members.reduce((s, m) => s + m.maxPoints, 0),
      scored: members.reduce((s, m) => s + m.scored, 0),
      indicators: members.reduce((s, m) => s + m.indicators, 0),
    };
  });
  const overall = weigh(indexes);
  const total = framework.total.maxPoints;
  return {
    framework: {
      code: framework.framework,
      decision: framework.decision,
      pointsInferred: framework.pointsInferred,
      formula: framework.total.formula,
    },
    indexes: indexes.map((i) => ({ ...i, score: i.score === null ? null : decimalText(i.score) })),
    pillars,
    overall: {
      score: overall.score === null ? null : decimalText(overall.score),
      points: overall.score === null ? null : decimalText(rounded(times(overall.score, decimal(total)), 1)),
      maxPoints: total,
      coverage: decimalText(rounded(dividedBy(decimal(overall.covered), decimal(total)), SCORE_DIGITS)),
    },
  };
}

function weigh(parts: { score: Decimal | null; maxPoints: number }[]): { score: Decimal | null; covered: number } {
  const scored = parts.filter((p): p is { score: Decimal; maxPoints: number } => p.score !== null && p.maxPoints > 0);
  const covered = scored.reduce((s, p) => s + p.maxPoints, 0);
  if (covered === 0) return { score: null, covered };
  const points = scored.reduce((s, p) => s + times(p.score, decimal(p.maxPoints)), ZERO);
  return { score: rounded(dividedBy(points, decimal(covered)), SCORE_DIGITS), covered };
}
