import type { Principal } from '@dxhub/auth';
import { mayReportTaskProgress, mayTakeTaskStep, mayTakeWorkflowStep } from './task-access-rules';

const reporter: Principal = { sub: 'u1', agency: 'STTTT', roles: ['reporter'] };
const office: Principal = { sub: 'u3', agency: 'STTTT', roles: ['programme-office'] };
const viewer: Principal = { sub: 'u4', agency: 'SYT', roles: ['viewer'] };

describe('mayTakeWorkflowStep', () => {
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
