import { AccessDeniedError } from './auth-errors';
import type { Principal, Role } from './principal';

/**
 * Names of the access rules. A denial carries one of these (403 body `rule`, the reason of a dead-lettered
 * event), so they are public API: never rename one, add a new name.
 */
export const AccessRule = {
  ROLE_REQUIRED: 'role-required',
  AGENCY_MATCHES_TOKEN: 'agency-matches-token',
  AGENCY_REPORTS_OWN_INDICATORS: 'agency-reports-own-indicators',
  AGENCY_REPORTS_OWN_ORG_UNITS: 'agency-reports-own-org-units',
  WORKFLOW_STEP_ALLOWED_FOR_ROLE: 'workflow-step-allowed-for-role',
  APPROVER_APPROVES_OWN: 'approver-approves-own',
  TASK_STEP_BY_LEAD_AGENCY: 'task-step-by-lead-agency',
  CONTRIBUTION_BY_COORDINATING_AGENCY: 'contribution-by-coordinating-agency',
  AGENCY_SETTINGS_BY_OWN_ADMIN: 'agency-settings-by-own-admin',
} as const;
export type AccessRuleName = (typeof AccessRule)[keyof typeof AccessRule];

export type AccessDecision = { allowed: true } | { allowed: false; rule: AccessRuleName; reason: string };

/** The decision that allows: for rules written outside this lib (a service's own workflow rules). */
export const ACCESS_ALLOWED: AccessDecision = { allowed: true };
/** A denial under a named rule: for rules written outside this lib. */
export const accessDenied = (rule: AccessRuleName, reason: string): AccessDecision => ({
  allowed: false,
  rule,
  reason,
});

/** Throws the decision's denial as an AccessDeniedError (403 with the rule). */
export function assertAllowed(decision: AccessDecision, details?: Record<string, unknown>): void {
  if (!decision.allowed) throw new AccessDeniedError(decision.rule, decision.reason, details);
}

/** `role-required`: the caller holds one of the roles an endpoint names. */
export function hasRequiredRole(principal: Principal, allowed: readonly Role[]): AccessDecision {
  if (allowed.length === 0 || principal.roles.some((r) => allowed.includes(r))) return ACCESS_ALLOWED;
  return accessDenied(
    AccessRule.ROLE_REQUIRED,
    `this needs one of the roles ${allowed.join(', ')}; the token has ${principal.roles.join(', ')}`,
  );
}

/** `agency-matches-token`: an agency named in a request is the caller's own. */
export function agencyMatchesToken(principal: Principal, claimed: string | undefined): AccessDecision {
  if (claimed === undefined || claimed === principal.agency) return ACCESS_ALLOWED;
  return accessDenied(
    AccessRule.AGENCY_MATCHES_TOKEN,
    `the request names agency '${claimed}' but the token is for agency '${principal.agency}'`,
  );
}

/** What the catalogue knows about one reported value, resolved on the last day of its period. */
export interface ReportingScopeFacts {
  /** The agency reporting it: the token's (REST) or the topic's (Kafka). */
  agencyCode: string;
  indicatorCode: string;
  /**
   * Agencies responsible for the indicator: the declared one followed along its successor links to the
   * period's end, and to today (a successor also answers for its predecessor's past periods). Empty when no
   * single agency is (a split, or an agency that ended with no successor).
   */
  responsibleAgencies: string[];
  /** Why responsibleAgencies is empty, when it is. */
  noResponsibleReason?: string;
  orgUnitCode: string;
  /** The reported unit and its ancestors in the hierarchy in force at the period's end. */
  orgUnitLineage: string[];
  /** The org units assigned to the reporting agency (it reports for them and their descendants). */
  agencyOrgUnits: string[];
}

/**
 * `agency-reports-own-indicators`, then `agency-reports-own-org-units`: an agency reports only indicators
 * it is responsible for, and only for org units at or under the ones assigned to it.
 */
export function mayReportValue(f: ReportingScopeFacts): AccessDecision {
  if (!f.responsibleAgencies.includes(f.agencyCode)) {
    const who =
      f.responsibleAgencies.length > 0
        ? `agency ${f.responsibleAgencies.join(' / ')} is`
        : `no single agency is${f.noResponsibleReason ? ` (${f.noResponsibleReason})` : ''}`;
    return accessDenied(
      AccessRule.AGENCY_REPORTS_OWN_INDICATORS,
      `agency ${f.agencyCode} is not responsible for indicator ${f.indicatorCode}: ${who}`,
    );
  }
  if (!f.orgUnitLineage.some((code) => f.agencyOrgUnits.includes(code))) {
    return accessDenied(
      AccessRule.AGENCY_REPORTS_OWN_ORG_UNITS,
      `agency ${f.agencyCode} may report only for org unit ${f.agencyOrgUnits.join(', ') || '(none assigned)'} and the units under it, not for ${f.orgUnitCode}`,
    );
  }
  return ACCESS_ALLOWED;
}

/**
 * `workflow-step-allowed-for-role`: one of the caller's roles allows the step in a workflow's table of steps by
 * role. The machinery only: each workflow (the tasks service's, the approval of values) owns its steps and table.
 */
export function mayTakeStepByRole<S extends string>(
  principal: Principal,
  step: S,
  stepsByRole: Readonly<Record<Role, readonly S[]>>,
): AccessDecision {
  if (principal.roles.some((r) => stepsByRole[r].includes(step))) return ACCESS_ALLOWED;
  return accessDenied(
    AccessRule.WORKFLOW_STEP_ALLOWED_FOR_ROLE,
    `the step '${step}' is not allowed for the roles ${principal.roles.join(', ')}`,
  );
}

/** Who approves an item (an indicator value, a programme task): the approver role, and no other. */
const APPROVAL_BY_ROLE: Readonly<Record<Role, readonly 'approve'[]>> = {
  reporter: [],
  approver: ['approve'],
  'programme-office': [],
  admin: [],
  viewer: [],
};

/**
 * `approver-approves-own` (after `workflow-step-allowed-for-role` for the step 'approve'): the caller approves
 * only what its own agency is the approver for.
 */
export function mayApprove(principal: Principal, item: { approverAgency: string | null }): AccessDecision {
  const step = mayTakeStepByRole(principal, 'approve', APPROVAL_BY_ROLE);
  if (!step.allowed) return step;
  if (item.approverAgency !== null && item.approverAgency === principal.agency) return ACCESS_ALLOWED;
  return accessDenied(
    AccessRule.APPROVER_APPROVES_OWN,
    `agency ${principal.agency} is not the approver of this item${item.approverAgency ? ` (agency ${item.approverAgency} is)` : ''}`,
  );
}

/**
 * `agency-settings-by-own-admin`: an agency's notification settings (where its notices go: webhook, e-mail) are
 * read and changed by that agency's own admin or by the programme office, never by another agency's admin.
 */
export function mayManageAgencySettings(principal: Principal, agencyCode: string): AccessDecision {
  if (principal.roles.includes('programme-office')) return ACCESS_ALLOWED;
  if (principal.roles.includes('admin') && principal.agency === agencyCode) return ACCESS_ALLOWED;
  return accessDenied(
    AccessRule.AGENCY_SETTINGS_BY_OWN_ADMIN,
    `only an admin of agency ${agencyCode} or the programme office manage its notification settings; the token is for agency ${principal.agency} with roles ${principal.roles.join(', ')}`,
  );
}
