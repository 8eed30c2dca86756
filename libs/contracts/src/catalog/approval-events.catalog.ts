import { IndicatorValueAwaitingApprovalV1 } from '../indicator-value-awaiting-approval/indicator-value-awaiting-approval.v1';
import { IndicatorValueApprovedV1 } from '../indicator-value-approved/indicator-value-approved.v1';
import { IndicatorValueReturnedV1 } from '../indicator-value-returned/indicator-value-returned.v1';
import { IndicatorValueReopenedV1 } from '../indicator-value-reopened/indicator-value-reopened.v1';
import { ServiceTopics } from '../topics';
import { type EventCatalog, EventTypes } from '../event-types';

/* Data approval of indicator values, written by the indicators service. Part of EVENT_CATALOG (its order is the catalog's). */

const APPROVAL_EVENT_DESCRIPTION =
  'Data approval (DHIS2’s term): the current value of each cell (indicator, org unit, period) is pending until ' +
  'its approving agency approves it or returns it with a reason. Written by the indicators service through its ' +
  'outbox in the transaction of the change, keyed by `indicatorCode`; `agency` is the agency the event is ' +
  'addressed to. A crash may deliver an event twice: dedupe on `ce_id`.';

const APPROVAL_EXAMPLE = {
  indicatorCode: 'BTS_COUNT',
  period: '2026S2',
  approvingAgency: 'SKHCN',
  reportingAgency: 'SKHCN',
  occurredAt: '2026-11-27T03:04:05.000Z',
};

const APPROVAL_CELL_EXAMPLE = { ...APPROVAL_EXAMPLE, orgUnitCode: '28249', reportId: '1042', value: 12 };

export const APPROVAL_EVENTS = {
  'dx.indicator-value.awaiting-approval': {
    type: EventTypes.INDICATOR_VALUE_AWAITING_APPROVAL,
    version: 1,
    payload: IndicatorValueAwaitingApprovalV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'New or corrected values of an indicator and period wait for their approving agency.',
    description:
      APPROVAL_EVENT_DESCRIPTION +
      ' One event per intake batch, approving agency, reporting agency, indicator and period (not one per value): ' +
      '`orgUnitCodes` lists the cells, `orgUnitCode` and `value` are set when there is one.',
    example: {
      ...APPROVAL_EXAMPLE,
      agency: 'SKHCN',
      changedBy: 'kafka:SKHCN',
      orgUnitCodes: ['28249'],
      valueCount: 1,
      orgUnitCode: '28249',
      value: 12,
    },
  },
  'dx.indicator-value.approved': {
    type: EventTypes.INDICATOR_VALUE_APPROVED,
    version: 1,
    payload: IndicatorValueApprovedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'The approving agency approved the value of a cell (the report `reportId`).',
    description: APPROVAL_EVENT_DESCRIPTION + ' `agency` is the reporting agency.',
    example: { ...APPROVAL_CELL_EXAMPLE, agency: 'SKHCN', changedBy: 'user-17' },
  },
  'dx.indicator-value.returned': {
    type: EventTypes.INDICATOR_VALUE_RETURNED,
    version: 1,
    payload: IndicatorValueReturnedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'The approving agency returned the value of a cell to its reporting agency, with a reason.',
    description:
      APPROVAL_EVENT_DESCRIPTION +
      ' `agency` is the reporting agency; a new report for the cell puts it back to pending.',
    example: {
      ...APPROVAL_CELL_EXAMPLE,
      agency: 'SKHCN',
      changedBy: 'user-17',
      reason: 'Số trạm BTS cao hơn số liệu của nhà mạng / higher than the operators’ count',
    },
  },
  'dx.indicator-value.reopened': {
    type: EventTypes.INDICATOR_VALUE_REOPENED,
    version: 1,
    payload: IndicatorValueReopenedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'indicatorCode',
    summary: 'An approved value went back to pending because its inputs changed, and says why.',
    description:
      APPROVAL_EVENT_DESCRIPTION +
      ' `cause` is `late-correction` (a later report for the cell; `reportId` is the new one), `formula-version` ' +
      '(a formula version in force for the period) or `re-mapped-unit` (the org unit moved in the hierarchy of the ' +
      "period's end, so the value counts toward other units' figures). `agency` is the approving agency, which " +
      'approves it again.',
    example: {
      ...APPROVAL_CELL_EXAMPLE,
      reportId: '1077',
      agency: 'SKHCN',
      changedBy: 'kafka:SKHCN',
      cause: 'late-correction',
      previousReportId: '1042',
      reason: 'late correction: report 1077 from agency SKHCN replaced the approved report 1042',
    },
  },
} satisfies Partial<EventCatalog>;
