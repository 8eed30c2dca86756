import {
  AccessRule,
  agencyMatchesToken,
  hasRequiredRole,
  mayApprove,
  mayTakeStepByRole,
  mayReportValue,
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

  it("workflow-step-allowed-for-role: by a workflow's own table of steps per role", () => {
    const table = { reporter: ['send'], approver: [], 'programme-office': ['send', 'close'], admin: [], viewer: [] };
    expect(mayTakeStepByRole(reporter, 'send', table).allowed).toBe(true);
    expect(mayTakeStepByRole(reporter, 'close', table)).toEqual({
      allowed: false,
      rule: 'workflow-step-allowed-for-role',
      reason: "the step 'close' is not allowed for the roles reporter",
    });
    expect(mayTakeStepByRole(office, 'close', table).allowed).toBe(true);
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
