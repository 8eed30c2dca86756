import { IndicatorAggregateApprovedV1 } from '../indicator-aggregate-approved/indicator-aggregate-approved.v1';
import { IndicatorAggregateUpdatedV1 } from '../indicator-aggregate-updated/indicator-aggregate-updated.v1';
import { IndicatorAggregatesUpdatedV1 } from '../indicator-aggregates-updated/indicator-aggregates-updated.v1';
import { IndicatorDefinedV1 } from '../indicator-defined/indicator-defined.v1';
import { IndicatorOffTrackV1 } from '../indicator-off-track/indicator-off-track.v1';
import { IndicatorBackOnTrackV1 } from '../indicator-back-on-track/indicator-back-on-track.v1';
import { IndicatorStandingsUpdatedV1 } from '../indicator-standings-updated/indicator-standings-updated.v1';
import { DtiScoreUpdatedV1 } from '../dti-score-updated/dti-score-updated.v1';
import { IndicatorValueReportedV1 } from '../indicator-value-reported/indicator-value-reported.v1';
import { OrgUnitDefinedV1 } from '../org-unit-defined/org-unit-defined.v1';
import { ReportPublishedV1 } from '../report-published/report-published.v1';
import { AgencyStreams, ServiceTopics } from '../topics';
import { type EventCatalog, EventTypes } from '../event-types';

/* The indicators' figures and reference data: values reported, aggregates, targets, scores, org units, reports. Part of EVENT_CATALOG (its order is the catalog's). */

/** The province's figure in the examples of the aggregate events. */
const PROVINCE_AGGREGATE_EXAMPLE: IndicatorAggregateUpdatedV1 = {
  indicatorCode: 'FIBRE_HH',
  orgUnitCode: '82',
  orgUnitName: 'Tỉnh Tiền Giang',
  period: '2024',
  aggregation: 'RATIO',
  value: 71.25,
  numerator: 285000,
  denominator: 400000,
  valueCount: 11,
  version: 7,
  updatedAt: '2025-01-15T03:04:05.000Z',
};

const TARGET_EVENT_DESCRIPTION =
  'Written by the indicators service in the transaction that changed the aggregate, keyed by `indicatorCode`, when ' +
  'its status against the target path changes to or from off-track (on-track ↔ within-tolerance is stored, not ' +
  'published). The path runs from the baseline through the yearly targets, linear by days, read at the ' +
  'period’s last day; `agency` is the responsible agency today, following successions. Dedupe on `ce_id`.';

/** The aggregate of the examples of the target events. */
const TARGET_EXAMPLE_KEY = { orgUnitCode: '816', orgUnitName: 'Thành phố Gò Công', period: '2024S2' };

const TARGET_EXAMPLE = {
  indicatorCode: 'FIBRE_HH',
  ...TARGET_EXAMPLE_KEY,
  agency: 'SKHCN',
  target: 75,
  targetYear: 2025,
  comparator: '>',
  tolerance: 2,
  aggregateVersion: 4,
  evaluatedAt: '2026-11-27T03:04:05.000Z',
};

export const INDICATOR_FIGURE_EVENTS = {
  'dx.indicator-value.reported': {
    type: EventTypes.INDICATOR_VALUE_REPORTED,
    version: 1,
    payload: IndicatorValueReportedV1,
    route: { kind: 'agency', stream: AgencyStreams.INDICATOR_VALUES },
    keyProperty: 'indicatorCode',
    summary: 'An agency reports one indicator value for one org unit and period.',
    description:
      'Send `value` for SUM, AVERAGE, MIN, MAX and LAST indicators, or `numerator` and `denominator` ' +
      '(not negative, and positive) for RATIO indicators. A later report (by `ce_time`, then arrival) for the ' +
      'same indicator, org unit and period replaces the earlier one; the same `ce_id` counts once. ' +
      '`ce_source` must be `/agencies/<code>` of the agency whose topic it is. Invalid events go to ' +
      '`<topic>.dlq` with the original bytes and a `dx_dlq_reason` header.',
    example: { indicatorCode: 'BTS_STATIONS', orgUnitCode: '815', period: '2024', value: 412 },
  },
  'dx.indicator-aggregate.updated': {
    type: EventTypes.INDICATOR_AGGREGATE_UPDATED,
    version: 1,
    payload: IndicatorAggregateUpdatedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary:
      'The aggregate of an indicator over an org unit and period changed (superseded: read, no longer published).',
    description:
      'Covers the org unit’s own values and those of all its descendants in the hierarchy valid at the end ' +
      'of the period. RATIO aggregates are the sum of numerators over the sum of denominators times the ' +
      "indicator's factor. Keep the highest `version` per (indicator, org unit, period). The service now " +
      'publishes aggregate changes together as `dx.indicator-aggregates.updated`; readers still take this type, ' +
      'which the topic’s history holds (aggregateUpdatesOf reads both).',
    example: PROVINCE_AGGREGATE_EXAMPLE,
  },
  'dx.indicator-aggregates.updated': {
    type: EventTypes.INDICATOR_AGGREGATES_UPDATED,
    version: 1,
    payload: IndicatorAggregatesUpdatedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary:
      'Aggregates of one indicator that one write changed, each as `dx.indicator-aggregate.updated` describes it.',
    description:
      'Written by the indicators service in the transaction that moved the aggregates: for each indicator, up to ' +
      '1,000 changed aggregates per event (its org unit’s, the units above it, the coarser periods), each with the id ' +
      'that names that change (`aggregate:<indicator>:<org unit id>:<period>:v<version>`). Keep the highest ' +
      '`version` per (indicator, org unit, period); an aggregate can be in several events of a batch, or again after ' +
      'a crash.',
    example: {
      indicatorCode: 'FIBRE_HH',
      aggregates: [
        { id: 'aggregate:FIBRE_HH:1:2024:v7', ...PROVINCE_AGGREGATE_EXAMPLE },
        {
          ...PROVINCE_AGGREGATE_EXAMPLE,
          id: 'aggregate:FIBRE_HH:12:2024:v3',
          orgUnitCode: '815',
          orgUnitName: 'Thành phố Mỹ Tho',
          value: 80,
          numerator: 40000,
          denominator: 50000,
          valueCount: 3,
          version: 3,
        },
      ],
    },
  },
  'dx.indicator-aggregate.approved': {
    type: EventTypes.INDICATOR_AGGREGATE_APPROVED,
    version: 1,
    payload: IndicatorAggregateApprovedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'The approved-only figure of an indicator over an org unit and period changed.',
    description:
      'The aggregate as `dx.indicator-aggregate.updated` describes it, counting only approved values: published ' +
      'when a value under it is approved, returned, or goes back to pending because a late correction replaced ' +
      'it. This is the figure to publish as official or open data. Keep the highest `version` per ' +
      "(indicator, org unit, period); its versions are its own, not the all-values aggregate's.",
    example: {
      indicatorCode: 'FIBRE_HH',
      orgUnitCode: '82',
      orgUnitName: 'Tỉnh Tiền Giang',
      period: '2024',
      aggregation: 'RATIO',
      value: 70.5,
      numerator: 253800,
      denominator: 360000,
      valueCount: 9,
      version: 3,
      updatedAt: '2025-01-20T03:04:05.000Z',
    },
  },
  'dx.indicator.defined': {
    type: EventTypes.INDICATOR_DEFINED,
    version: 1,
    payload: IndicatorDefinedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'code',
    summary: 'A version of an indicator’s definition was added, or the indicator was deleted.',
    description:
      'The catalogue as readers outside the indicators service know it: names in Vietnamese and English, ' +
      'unit, pillar and sub-index, rules over org units and time, period type, direction, baseline, targets ' +
      'with their tolerance, national average, responsible agency and bounds. Every version is published ' +
      '(keep them by `code` and `effectiveFrom`); `revision` grows with each event about a code.',
    example: {
      code: 'FIBRE_HH',
      effectiveFrom: null,
      definition: {
        code: 'FIBRE_HH',
        nameVi: 'Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang',
        nameEn: 'Households with fibre broadband',
        unit: '%',
        pillar: 'XHS',
        aggregation: 'RATIO',
        periodType: 'SIX_MONTHLY',
        direction: 'HIGHER_IS_BETTER',
        targets: [{ year: 2025, value: 80, comparator: '>', tolerance: 2 }],
      },
      active: true,
      revision: 1,
      publishedAt: '2026-11-27T03:04:05.000Z',
    },
  },
  'dx.indicator.off-track': {
    type: EventTypes.INDICATOR_OFF_TRACK,
    version: 1,
    payload: IndicatorOffTrackV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'An aggregate fell below its target path by more than the tolerance.',
    description: TARGET_EVENT_DESCRIPTION,
    example: { ...TARGET_EXAMPLE, value: 61, achievement: 81.33, status: 'off-track', previousStatus: 'on-track' },
  },
  'dx.indicator.back-on-track': {
    type: EventTypes.INDICATOR_BACK_ON_TRACK,
    version: 1,
    payload: IndicatorBackOnTrackV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'An off-track aggregate is on track, or within the tolerance, again.',
    description: TARGET_EVENT_DESCRIPTION,
    example: { ...TARGET_EXAMPLE, value: 76, achievement: 101.33, status: 'on-track', previousStatus: 'off-track' },
  },
  'dx.indicator-standings.updated': {
    type: EventTypes.INDICATOR_STANDINGS_UPDATED,
    version: 1,
    payload: IndicatorStandingsUpdatedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'Standings of aggregates of one indicator against their target path, as one evaluation pass stored them.',
    description:
      'Written by the indicators service in the transaction that stores the standings (its evaluation of the ' +
      'aggregates written shortly before): for each indicator judged, up to 1,000 aggregates per event, each with ' +
      'the judgement stored for it (value, the path’s `target` at the period’s last day, `targetYear`, ' +
      '`comparator`, `tolerance`, `achievement`, `status`) or `removed: true` when it has no standing any more ' +
      '(value withdrawn, or no target). Every aggregate the pass judged is listed, changed or not. Keep per ' +
      '(indicator, org unit, period) the entry of the highest `aggregateVersion`, then the latest `evaluatedAt`, ' +
      'removals included (a tombstone, so an older standing arriving late does not come back). The id derives from ' +
      'the content: the same judgements published twice dedupe. `dx.indicator.off-track` and ' +
      '`dx.indicator.back-on-track` still say when a standing crosses the off-track line.',
    example: {
      indicatorCode: 'FIBRE_HH',
      evaluatedAt: '2026-11-27T03:04:05.000Z',
      standings: [
        {
          orgUnitCode: '815',
          orgUnitName: 'Thành phố Mỹ Tho',
          period: '2024S2',
          aggregateVersion: 3,
          value: 88,
          target: 75,
          targetYear: 2025,
          comparator: '>',
          tolerance: 2,
          achievement: 117.33,
          status: 'on-track',
        },
        {
          ...TARGET_EXAMPLE_KEY,
          aggregateVersion: 4,
          value: 61,
          target: 75,
          targetYear: 2025,
          comparator: '>',
          tolerance: 2,
          achievement: 81.33,
          status: 'off-track',
        },
        { orgUnitCode: '817', orgUnitName: 'Thị xã Cai Lậy', period: '2024S2', aggregateVersion: 2, removed: true },
      ],
    },
  },
  'dx.dti-score.updated': {
    type: EventTypes.DTI_SCORE_UPDATED,
    version: 1,
    payload: DtiScoreUpdatedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'orgUnitCode',
    summary: 'The DTI-style scores of an org unit for a period changed.',
    description:
      'Achievements of the org unit’s aggregates for the period (capped at 100 %) averaged per main index, weighted ' +
      'by the index points of the provincial DTI framework in force for the period’s year into pillar and overall ' +
      'scores (0–1, 4 decimals). Scores come for every period type that has standings (months, quarters, ' +
      'half-years, years); the annual DTI is the yearly one. Indexes without data are left out; `coverage` says ' +
      'how much of the total had data; `scored`/`indicators` count the indicators with a standing (a value and a ' +
      'target). Recomputed shortly after an achievement changes; keep the highest `version` per (org unit, period).',
    example: {
      orgUnitCode: '82',
      orgUnitName: 'Tỉnh Tiền Giang',
      period: '2024',
      framework: 'DTI-2025',
      decision: 'QĐ 405/QĐ-BKHCN',
      pointsInferred: true,
      points: 912.5,
      coverage: 0.4,
      parts: [
        { code: 'DTI', kind: 'overall', score: 0.9125, maxPoints: 1000, scored: 4, indicators: 4 },
        { code: 'CQS', kind: 'pillar', score: 0.9125, maxPoints: 600, scored: 4, indicators: 4 },
        { code: 'HT', kind: 'index', score: 0.95, maxPoints: 100, scored: 2, indicators: 2 },
        { code: 'HDCQS', kind: 'index', score: 0.9, maxPoints: 200, scored: 2, indicators: 2 },
      ],
      version: 3,
      updatedAt: '2025-01-15T03:04:05.000Z',
    },
  },
  'dx.org-unit.defined': {
    type: EventTypes.ORG_UNIT_DEFINED,
    version: 1,
    payload: OrgUnitDefinedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'code',
    summary: 'A version of an org unit, with its validity and its parents over time.',
    description:
      'The time-versioned hierarchy (province → district-level unit → commune) the aggregates follow: a ' +
      'figure for a period covers the units under an org unit on the period’s last day. One event per ' +
      'version; (code, validFrom) names it.',
    example: {
      code: '28249',
      nameVi: 'Phường Đạo Thạnh',
      type: 'Phường',
      level: 3,
      validFrom: '2025-07-01',
      validTo: null,
      parents: [{ parentCode: '82', validFrom: '2025-07-01', validTo: null }],
      publishedAt: '2026-11-27T03:04:05.000Z',
    },
  },
  'dx.report.published': {
    type: EventTypes.REPORT_PUBLISHED,
    version: 1,
    payload: ReportPublishedV1,
    route: { kind: 'service', topic: ServiceTopics.REPORTING_EVENTS },
    keyProperty: 'reportId',
    summary: 'A period report was frozen and published.',
    description:
      'A frozen snapshot of the scorecard of an org unit for a reporting period (monthly, quarterly, half-yearly, ' +
      'yearly) with the data window of the reporting regime (the 15th-to-14th cut-off rule). Generated on schedule ' +
      'after the cut-off date or on demand; `href` is its JSON, with CSV, XLSX and PDF exports under it.',
    example: {
      reportId: '5d0c6f2e-8a41-4f7e-9d55-0b0f1d2a3c4e',
      kind: 'HALF_YEARLY',
      titleVi: 'Báo cáo 6 tháng kỳ 2024S1 — Tỉnh Tiền Giang',
      titleEn: 'Half-yearly report 2024S1 — Tỉnh Tiền Giang',
      period: '2024S1',
      periodType: 'SIX_MONTHLY',
      orgUnitCode: '82',
      windowStart: '2023-12-15',
      windowEnd: '2024-06-14',
      trigger: 'scheduled',
      generatedAt: '2024-06-15T00:00:05.000Z',
      href: '/v1/reports/5d0c6f2e-8a41-4f7e-9d55-0b0f1d2a3c4e',
    },
  },
} satisfies Partial<EventCatalog>;
