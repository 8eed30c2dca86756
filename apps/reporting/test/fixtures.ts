import type { AggregateStandingV1, TargetStatusName } from '@dxhub/contracts';
import { requirePeriod } from '@dxhub/periods';
import { judge, type TargetDefinition, targetOn } from '@dxhub/scoring';
import type { AgencyMessage } from '@dxhub/testing';

/** A dx.indicators.events message as the indicators service's relay writes it. */
export function serviceEvent(type: string, key: string, id: string, data: object): AgencyMessage {
  return {
    key,
    value: JSON.stringify(data),
    headers: {
      ce_specversion: '1.0',
      ce_id: id,
      ce_source: '/services/indicators',
      ce_type: type,
      'content-type': 'application/json',
    },
  };
}

export function aggregateEvent(
  indicatorCode: string,
  orgUnitCode: string,
  orgUnitName: string,
  period: string,
  version: number,
  value: number | null,
  type: 'dx.indicator-aggregate.updated' | 'dx.indicator-aggregate.approved' = 'dx.indicator-aggregate.updated',
): AgencyMessage {
  const idPrefix = type === 'dx.indicator-aggregate.updated' ? 'agg' : 'approved';
  return serviceEvent(type, indicatorCode, `${idPrefix}:${indicatorCode}:${orgUnitCode}:${period}:v${version}`, {
    indicatorCode,
    orgUnitCode,
    orgUnitName,
    period,
    aggregation: 'SUM',
    value,
    valueCount: value === null ? 0 : version,
    version,
    updatedAt: new Date(Date.UTC(2025, 0, 1, 0, version)).toISOString(),
  });
}

export function indicatorDefined(code: string, definition: Record<string, unknown>, revision = 1): AgencyMessage {
  return serviceEvent('dx.indicator.defined', code, `ind:${code}:r${revision}`, {
    code,
    effectiveFrom: null,
    definition: { code, ...definition },
    active: true,
    revision,
    publishedAt: new Date(Date.UTC(2026, 10, 27, 0, revision)).toISOString(),
  });
}

export function orgUnitDefined(code: string, nameVi: string, level: number, parentCode: string | null): AgencyMessage {
  return serviceEvent('dx.org-unit.defined', code, `ou:${code}`, {
    code,
    nameVi,
    type: level === 1 ? 'Tỉnh' : level === 2 ? 'Huyện' : 'Xã',
    level,
    validFrom: null,
    validTo: '2025-06-30',
    parents: parentCode ? [{ parentCode, validFrom: null, validTo: '2025-06-30' }] : [],
    publishedAt: '2026-11-27T00:00:00.000Z',
  });
}

/** A dx.obligation.progress-updated message: STTTT's counts (expected, received, on time) of an obligation period. */
export function obligationProgress(
  code: string,
  period: string,
  periodType: string,
  version: number,
  [expectedReports, receivedReports, onTimeReports]: [number, number, number],
): AgencyMessage {
  return serviceEvent('dx.obligation.progress-updated', code, `obligation-progress:${code}:${period}:v${version}`, {
    obligationCode: code,
    nameVi: `Báo cáo ${code}`,
    nameEn: `Report: ${code}`,
    agency: 'STTTT',
    declaredAgency: 'STTTT',
    period,
    periodType,
    dueDate: '2025-01-08',
    expectedReports,
    receivedReports,
    onTimeReports,
    version,
    updatedAt: new Date(Date.UTC(2025, 0, 10, 0, version)).toISOString(),
  });
}

/** A scored part of `dx.dti-score.updated`: [code, kind, score, maxPoints, scored (= indicators)]. */
export type ScoredPartTuple = [string, 'index' | 'pillar' | 'overall', number | null, number, number];

/** `dx.dti-score.updated` as the indicators service publishes it (framework DTI-2025, its points borrowed). */
export function dtiScoreEvent(
  orgUnitCode: string,
  orgUnitName: string,
  period: string,
  version: number,
  scores: { points: number | null; coverage: number; parts: ScoredPartTuple[] },
): AgencyMessage {
  return serviceEvent('dx.dti-score.updated', orgUnitCode, `dti-score:${orgUnitCode}:${period}:v${version}`, {
    orgUnitCode,
    orgUnitName,
    period,
    framework: 'DTI-2025',
    decision: 'QĐ 405/QĐ-BKHCN',
    pointsInferred: true,
    points: scores.points,
    coverage: scores.coverage,
    parts: scores.parts.map(([code, kind, score, maxPoints, scored]) => ({
      code,
      kind,
      score,
      maxPoints,
      scored,
      indicators: scored,
    })),
    version,
    updatedAt: new Date(Date.UTC(2025, 0, 1, 1, version)).toISOString(),
  });
}

/*
 * The DTI scores the indicators service publishes for the reports spec's 2024S2 figures (DTI-2025, points borrowed
 * from DTI-2022: HT 100, HĐCQS 200; the pillars CQS, KTS and XHS each hold HT, and CQS HĐCQS too). FIBRE_HH's path
 * reaches 76.6637 at the end of 2024S2 (68.3 in 2022S1 → 80 in 2025): the province's 75 is 97.83 %, Gò Công's 61
 * 79.57 %, Mỹ Tho's and Cai Lậy's 88 over 100 %; DVCTT_L4's 81.25 against ≥ 80 over 100 %. The province: HT 0.9783,
 * HĐCQS 1, overall and CQS (97.83 + 200) / 300 = 0.9928; a district only has HT, so each of its scores is its HT.
 */
const PROVINCE_SCORES = {
  points: 992.8,
  coverage: 0.3,
  parts: [
    ['DTI', 'overall', 0.9928, 1000, 2],
    ['CQS', 'pillar', 0.9928, 700, 2],
    ['KTS', 'pillar', 0.9783, 650, 1],
    ['XHS', 'pillar', 0.9783, 650, 1],
    ['HT', 'index', 0.9783, 100, 1],
    ['HDCQS', 'index', 1, 200, 1],
  ],
} satisfies Parameters<typeof dtiScoreEvent>[4];
const districtScores = (ht: number): Parameters<typeof dtiScoreEvent>[4] => ({
  points: Math.round(ht * 10000) / 10,
  coverage: 0.1,
  parts: [
    ['DTI', 'overall', ht, 1000, 1],
    ['CQS', 'pillar', ht, 700, 1],
    ['KTS', 'pillar', ht, 650, 1],
    ['XHS', 'pillar', ht, 650, 1],
    ['HT', 'index', ht, 100, 1],
  ],
});

/** The scores of the province and its districts for 2024S2, an older version of the province's arriving last. */
export const SCORES_2024S2: AgencyMessage[] = [
  dtiScoreEvent('82', 'Tỉnh Tiền Giang', '2024S2', 2, PROVINCE_SCORES),
  dtiScoreEvent('815', 'Thành phố Mỹ Tho', '2024S2', 1, districtScores(1)),
  dtiScoreEvent('816', 'Thành phố Gò Công', '2024S2', 1, districtScores(0.7957)),
  dtiScoreEvent('817', 'Thị xã Cai Lậy', '2024S2', 1, districtScores(1)),
  dtiScoreEvent('82', 'Tỉnh Tiền Giang', '2024S2', 1, districtScores(0.5)),
];

/** An aggregate a standings event judges: its key, version and value (null: a removal). */
export interface JudgedFigure {
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  version: number;
  value: number | null;
}

/**
 * A dx.indicator-standings.updated as the indicators service writes it for the figures: each judged against the
 * definition's target path by @dxhub/scoring (the rules the service judges with), a removal where there is no value
 * or no target.
 */
export function standingsEvent(
  indicatorCode: string,
  definition: TargetDefinition,
  figures: JudgedFigure[],
  evaluatedAt = '2025-01-15T00:00:00.000Z',
): AgencyMessage {
  const standings = figures.map((f): AggregateStandingV1 => {
    const key = {
      orgUnitCode: f.orgUnitCode,
      orgUnitName: f.orgUnitName,
      period: f.period,
      aggregateVersion: f.version,
    };
    const target = targetOn(definition, requirePeriod(f.period).end);
    const judged = judge(definition, f.value, target);
    if (!target || !judged) return { ...key, removed: true };
    return {
      ...key,
      value: Number(f.value),
      target: Number(target.value),
      targetYear: target.year,
      comparator: target.comparator,
      tolerance: Number(target.tolerance),
      achievement: Number(judged.achievement),
      status: judged.status as TargetStatusName,
    };
  });
  const id = `standings:${indicatorCode}:${figures.map((f) => `${f.orgUnitCode}.${f.period}.v${f.version}`).join(',')}`;
  return serviceEvent('dx.indicator-standings.updated', indicatorCode, id, { indicatorCode, evaluatedAt, standings });
}
