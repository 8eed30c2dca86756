/*
 * ┌──────────────────────────────────────────────────────────────────────────┐
 * │ Event types are public API. Never rename one or change a payload in a    │
 * │ breaking way: add a new version (a new payload class) beside it.         │
 * └──────────────────────────────────────────────────────────────────────────┘
 */
import { IndicatorAggregateUpdatedV1 } from './indicator-aggregate-updated/indicator-aggregate-updated.v1';
import { IndicatorDefinedV1 } from './indicator-defined/indicator-defined.v1';
import { IndicatorValueReportedV1 } from './indicator-value-reported/indicator-value-reported.v1';
import { OrgUnitDefinedV1 } from './org-unit-defined/org-unit-defined.v1';
import { ReportPublishedV1 } from './report-published/report-published.v1';
import { AgencyStreams, type AgencyStream, ServiceTopics, type ServiceTopic } from './topics';

export const EventTypes = {
  INDICATOR_VALUE_REPORTED: 'dx.indicator-value.reported',
  INDICATOR_AGGREGATE_UPDATED: 'dx.indicator-aggregate.updated',
  INDICATOR_DEFINED: 'dx.indicator.defined',
  ORG_UNIT_DEFINED: 'dx.org-unit.defined',
  REPORT_PUBLISHED: 'dx.report.published',
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

/** Links each event type to its payload class: a wrong payload for a type fails to compile. */
export interface EventPayloadMap {
  'dx.indicator-value.reported': IndicatorValueReportedV1;
  'dx.indicator-aggregate.updated': IndicatorAggregateUpdatedV1;
  'dx.indicator.defined': IndicatorDefinedV1;
  'dx.org-unit.defined': OrgUnitDefinedV1;
  'dx.report.published': ReportPublishedV1;
}
export type PayloadOf<T extends EventType> = EventPayloadMap[T];

export type EventRoute = { kind: 'agency'; stream: AgencyStream } | { kind: 'service'; topic: ServiceTopic };

export interface EventDefinition<T extends EventType = EventType> {
  type: T;
  version: number;
  payload: new () => PayloadOf<T>;
  route: EventRoute;
  /** Payload property whose value is the Kafka message key (ordering and partitioning). */
  keyProperty: keyof PayloadOf<T> & string;
  summary: string;
  description: string;
  /** A valid payload, shown in docs and used by tests to prove the docs are true. */
  example: PayloadOf<T>;
}

export const EVENT_CATALOG: { [T in EventType]: EventDefinition<T> } = {
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
    summary: 'The aggregate of an indicator over an org unit and period changed.',
    description:
      'Covers the org unit’s own values and those of all its descendants in the hierarchy valid at the end ' +
      'of the period. RATIO aggregates are the sum of numerators over the sum of denominators times the ' +
      "indicator's factor. Keep the highest `version` per (indicator, org unit, period).",
    example: {
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
      period: '2024S1',
      orgUnitCode: '82',
      windowStart: '2023-12-15',
      windowEnd: '2024-06-14',
      trigger: 'scheduled',
      generatedAt: '2024-06-15T00:00:05.000Z',
      href: '/v1/reports/5d0c6f2e-8a41-4f7e-9d55-0b0f1d2a3c4e',
    },
  },
};
