import { ObligationDueSoonV1 } from '../obligation-due-soon/obligation-due-soon.v1';
import { ObligationOpenedV1 } from '../obligation-opened/obligation-opened.v1';
import { ObligationOverdueV1 } from '../obligation-overdue/obligation-overdue.v1';
import { ObligationProgressUpdatedV1 } from '../obligation-progress-updated/obligation-progress-updated.v1';
import { ServiceTopics } from '../topics';
import { type EventCatalog, EventTypes } from '../event-types';

/* Reporting obligations (opened, due soon, overdue, written by the indicators service's scheduler; their report counts). Part of EVENT_CATALOG (its order is the catalog's). */

const OBLIGATION_EVENT_DESCRIPTION =
  'Written by the indicators service’s obligation scheduler through its outbox, once per obligation, period and ' +
  'kind (a table of what was emitted makes it so across runs, replicas and restarts), keyed by `obligationCode`. ' +
  '`agency` is the agency that owes the period: the obligation’s own or, after a merger, its successor on the ' +
  'period’s last day (STTTT’s obligations for periods ending from 2025-03-01 are owed by SKHCN). Days are ' +
  'Vietnamese calendar days; working days skip weekends and public holidays. Dedupe on `ce_id`.';

const OBLIGATION_EXAMPLE = {
  obligationCode: 'TCNSCD_TEAMS',
  nameVi: 'Báo cáo Số Tổ công nghệ số cộng đồng',
  nameEn: 'Report: Community digital-technology teams',
  agency: 'SKHCN',
  declaredAgency: 'STTTT',
  indicatorCode: 'TCNSCD_TEAMS',
  indicatorCodes: ['TCNSCD_TEAMS'],
  period: '202602',
  periodType: 'MONTHLY' as const,
  orgUnitCodes: ['82'],
  dueDate: '2026-02-24',
  expectedReports: 103,
  receivedReports: 97,
  occurredAt: '2026-02-25T00:00:05.000Z',
};

export const OBLIGATION_EVENTS = {
  'dx.obligation.opened': {
    type: EventTypes.OBLIGATION_OPENED,
    version: 1,
    payload: ObligationOpenedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'obligationCode',
    summary: 'A period of a reporting obligation opened: its data cut-off passed and its reports are now owed.',
    description: OBLIGATION_EVENT_DESCRIPTION,
    example: {
      ...OBLIGATION_EXAMPLE,
      receivedReports: 0,
      opensOn: '2026-02-15',
      occurredAt: '2026-02-15T00:00:05.000Z',
    },
  },
  'dx.obligation.due-soon': {
    type: EventTypes.OBLIGATION_DUE_SOON,
    version: 1,
    payload: ObligationDueSoonV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'obligationCode',
    summary: 'Reports of an obligation’s period are due within the configured working days and some are missing.',
    description: OBLIGATION_EVENT_DESCRIPTION,
    example: { ...OBLIGATION_EXAMPLE, receivedReports: 40, workingDaysLeft: 3, occurredAt: '2026-02-12T00:00:05.000Z' },
  },
  'dx.obligation.overdue': {
    type: EventTypes.OBLIGATION_OVERDUE,
    version: 1,
    payload: ObligationOverdueV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'obligationCode',
    summary: 'The due day of an obligation’s period passed with reports missing (on the first working day after it).',
    description: OBLIGATION_EVENT_DESCRIPTION,
    example: { ...OBLIGATION_EXAMPLE, workingDaysOverdue: 1, missingOrgUnitCodes: ['28249', '28252'] },
  },
  'dx.obligation.progress-updated': {
    type: EventTypes.OBLIGATION_PROGRESS_UPDATED,
    version: 1,
    payload: ObligationProgressUpdatedV1,
    route: { kind: 'service', topic: ServiceTopics.INDICATORS_EVENTS },
    keyProperty: 'obligationCode',
    summary:
      'The report counts of an obligation’s period changed: expected, received and on time, as the indicators ' +
      'service’s completeness endpoint counts them.',
    description:
      'Written by the indicators service through its outbox when the counts of an obligation period change: a ' +
      'report arrived for one of its cells, the scheduler opened the period, or the obligation was defined. Counted ' +
      'by the same code as `GET /v1/obligations/completeness` for that obligation and period: a report is received ' +
      'when the first report for its cell (indicator, org unit version, period) is in, on time when that first ' +
      'report arrived (Vietnamese date) on or before `dueDate`; a later correction changes nothing. Completeness ' +
      '= received / expected and timeliness = on time / expected, summed over obligation periods (sums over sums). ' +
      'Sent only when something changed, with `version` one higher than the last; keyed by `obligationCode`, ' +
      'so the versions of one obligation arrive in order. `agency` is the agency owing the period (after ' +
      'successions); periods no agency owes are not published. Dedupe on `ce_id`; keep the highest `version`.',
    example: {
      obligationCode: 'TCNSCD_TEAMS',
      nameVi: 'Báo cáo Số Tổ công nghệ số cộng đồng',
      nameEn: 'Report: Community digital-technology teams',
      agency: 'SKHCN',
      declaredAgency: 'STTTT',
      period: '202602',
      periodType: 'MONTHLY',
      dueDate: '2026-02-24',
      expectedReports: 103,
      receivedReports: 97,
      onTimeReports: 90,
      version: 12,
      updatedAt: '2026-02-25T03:04:05.000Z',
    },
  },
} satisfies Partial<EventCatalog>;
