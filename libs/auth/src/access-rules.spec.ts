import {
  AccessRule,
  agencyMatchesToken,
  hasRequiredRole,
  mayApprove,
  mayReportTaskProgress,
  mayReportValue,
  mayTakeTaskStep,
  mayTakeWorkflowStep,
  type ReportingScopeFacts,
} from './access-rules';
import type { Principal } from './principal';

const reporter: Principal = { sub: 'u1', agency: 'STTTT', roles: ['reporter'] };
const approver: Principal = { sub: 'u2', agency: 'SKHCN', roles: ['approver'] };
const office: Principal = { sub: 'u3', agency: 'STTTT', roles: ['programme-office'] };
const viewer: Principal = { sub: 'u4', agency: 'SYT', roles: ['viewer'] };

const facts = (over: Partial<ReportingScopeFacts> = {}): ReportingScopeFacts => ({
  agencyCode: 'UBND815',
  indicatorCode: 'BTS_COUNT',
  responsibleAgencies: ['UBND815'],
  orgUnitCode: '28249',
  orgUnitLineage: ['28249', '815', '82'],
  agencyOrgUnits: ['815'],
  ...over,
});

const ruleOf = (d: ReturnType<typeof mayReportValue>) => (d.allowed ? 'allowed' : d.rule);

describe('access rules', () => {
  it('role-required: one of the named roles, or any role when none is named', () => {
    expect(hasRequiredRole(reporter, ['admin', 'programme-office'])).toMatchObject({
      allowed: false,
      rule: AccessRule.ROLE_REQUIRED,
    });
    expect(hasRequiredRole(office, ['admin', 'programme-office']).allowed).toBe(true);
    expect(hasRequiredRole(viewer, []).allowed).toBe(true);
  });

  it('agency-matches-token', () => {
    expect(agencyMatchesToken(reporter, 'SYT')).toMatchObject({ allowed: false, rule: 'agency-matches-token' });
    expect(agencyMatchesToken(reporter, 'STTTT').allowed).toBe(true);
    expect(agencyMatchesToken(reporter, undefined).allowed).toBe(true);
  });

  it('agency-reports-own-indicators: only the responsible agency (or its successor) reports', () => {
    expect(ruleOf(mayReportValue(facts()))).toBe('allowed');
    expect(ruleOf(mayReportValue(facts({ responsibleAgencies: ['STTTT'] })))).toBe('agency-reports-own-indicators');
    const split = mayReportValue(facts({ responsibleAgencies: [], noResponsibleReason: 'split between A and B' }));
    expect(split).toMatchObject({
      allowed: false,
      rule: 'agency-reports-own-indicators',
      reason: expect.stringContaining('split'),
    });
  });

  it('agency-reports-own-org-units: the unit must be at or under one assigned to the agency', () => {
    expect(ruleOf(mayReportValue(facts({ orgUnitCode: '816', orgUnitLineage: ['816', '82'] })))).toBe(
      'agency-reports-own-org-units',
    );
    expect(ruleOf(mayReportValue(facts({ orgUnitCode: '815', orgUnitLineage: ['815', '82'] })))).toBe('allowed');
    expect(ruleOf(mayReportValue(facts({ agencyOrgUnits: [] })))).toBe('agency-reports-own-org-units');
  });

  it('workflow-step-allowed-for-role: a reporter submits but never approves; a viewer takes no step', () => {
    expect(mayTakeWorkflowStep(reporter, 'submit').allowed).toBe(true);
    expect(mayTakeWorkflowStep(reporter, 'approve')).toMatchObject({
      allowed: false,
      rule: 'workflow-step-allowed-for-role',
    });
    expect(mayTakeWorkflowStep(viewer, 'report-progress')).toMatchObject({
      allowed: false,
      rule: 'workflow-step-allowed-for-role',
    });
    expect(mayTakeWorkflowStep(office, 'assign').allowed).toBe(true);
  });

  it('approver-approves-own: a reporter is refused by the step rule, an approver of another agency by approver-approves-own', () => {
    expect(mayApprove(reporter, { approverAgency: 'STTTT' })).toMatchObject({
      allowed: false,
      rule: 'workflow-step-allowed-for-role',
    });
    expect(mayApprove(approver, { approverAgency: 'STTTT' })).toMatchObject({
      allowed: false,
      rule: 'approver-approves-own',
    });
    expect(mayApprove(approver, { approverAgency: null })).toMatchObject({
      allowed: false,
      rule: 'approver-approves-own',
    });
    expect(mayApprove(approver, { approverAgency: 'SKHCN' }).allowed).toBe(true);
  });
});

describe('mayTakeTaskStep', () => {
  const task = { leadAgency: 'SYT', reviewerAgency: 'SKHCN', coordinatingAgencies: ['SNV', 'STC'] };
  const as = (agency: string, ...roles: Principal['roles']): Principal => ({ sub: 'u', agency, roles });

  it('lets the lead agency start and submit, and no one else', () => {
    expect(mayTakeTaskStep(as('SYT', 'reporter'), 'submit', task).allowed).toBe(true);
    expect(mayTakeTaskStep(as('SNV', 'reporter'), 'submit', task)).toMatchObject({
      allowed: false,
      rule: 'task-step-by-lead-agency',
    });
    expect(mayTakeTaskStep(as('SYT', 'viewer'), 'start', task)).toMatchObject({
      allowed: false,
      rule: 'workflow-step-allowed-for-role',
    });
  });

  it('lets the reviewing agency approve and return', () => {
    expect(mayTakeTaskStep(as('SKHCN', 'approver'), 'approve', task).allowed).toBe(true);
    expect(mayTakeTaskStep(as('SKHCN', 'approver'), 'request-changes', task).allowed).toBe(true);
    expect(mayTakeTaskStep(as('SYT', 'approver'), 'approve', task)).toMatchObject({
      allowed: false,
      rule: 'approver-approves-own',
    });
    expect(mayTakeTaskStep(as('SKHCN', 'reporter'), 'approve', task)).toMatchObject({
      allowed: false,
      rule: 'workflow-step-allowed-for-role',
    });
  });

  it('lets a coordinating agency complete only its own contribution', () => {
    expect(mayTakeTaskStep(as('SNV', 'reporter'), 'complete-contribution', task, 'SNV').allowed).toBe(true);
    expect(mayTakeTaskStep(as('SNV', 'reporter'), 'complete-contribution', task, 'STC')).toMatchObject({
      allowed: false,
      rule: 'contribution-by-coordinating-agency',
    });
    expect(mayTakeTaskStep(as('SYT', 'reporter'), 'complete-contribution', task)).toMatchObject({
      rule: 'contribution-by-coordinating-agency',
    });
  });

  it('leaves assigning, cancelling and extending to the programme office by role', () => {
    expect(mayTakeTaskStep(as('SKHCN', 'programme-office'), 'assign', task).allowed).toBe(true);
    expect(mayTakeTaskStep(as('SKHCN', 'programme-office'), 'extend-deadline', task).allowed).toBe(true);
    expect(mayTakeTaskStep(as('SYT', 'reporter'), 'cancel', task)).toMatchObject({
      rule: 'workflow-step-allowed-for-role',
    });
  });

  it('holds progress reports from Kafka to the lead agency', () => {
    expect(mayReportTaskProgress('SYT', task).allowed).toBe(true);
    expect(mayReportTaskProgress('SNV', task)).toMatchObject({ allowed: false, rule: 'task-step-by-lead-agency' });
  });
});
