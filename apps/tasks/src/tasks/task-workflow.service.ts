import { Injectable } from '@nestjs/common';
import { assertAllowed, type Principal } from '@dxhub/auth';
import { EventTypes } from '@dxhub/contracts';
import type { OutboxEvent } from '@dxhub/messaging';
import { mayTakeTaskStep } from '../workflow/task-access-rules';
import { checkTransition, type TaskAction, TRANSITIONS } from '../workflow/task-workflow';
import { actorOf } from './actor';
import { taskIn } from './programme-snapshot';
import { ProgrammeQueryService } from './programme-query.service';
import { TaskContributionsRepository } from './task-contributions.repository';
import { TaskDependenciesRepository } from './task-dependencies.repository';
import { progressChanges, taskEvent, taskEventBase } from './task-events';
import { TaskHistoryRepository } from './task-history.repository';

import { TaskTransactionService } from './task-transaction.service';
import type { TaskDetail } from './task-views';
import { TasksRepository } from './tasks.repository';
import { TaskErrorCode, taskConflict, taskInvalid } from './tasks.exception';

/** The workflow's steps on a task (assign, start, submit, approve, return, cancel) and a contribution's completion. */
@Injectable()
export class TaskWorkflowService {
  constructor(
    private readonly transactions: TaskTransactionService,
    private readonly tasks: TasksRepository,
    private readonly contributions: TaskContributionsRepository,
    private readonly dependencies: TaskDependenciesRepository,
    private readonly histories: TaskHistoryRepository,
    private readonly queries: ProgrammeQueryService,
  ) {}

  /** One workflow step: role and agency checked (403), then the state machine (409), then the step's own rules. */
  async transition(
    ref: string,
    action: TaskAction,
    reason: string | undefined,
    principal: Principal,
  ): Promise<TaskDetail> {
    await this.transactions.write(async (m, at) => {
      const task = await this.tasks.task(m, ref, true);
      const check = checkTransition(task.state, action);
      assertAllowed(mayTakeTaskStep(principal, TRANSITIONS[action].step, task));
      if (!check.ok) {
        throw taskConflict(
          TaskErrorCode.ILLEGAL_TRANSITION,
          `'${action}' is not allowed from ${task.state}; allowed: ${check.allowed.join(', ') || 'none (the task is closed)'}`,
          { state: task.state, action, allowed: check.allowed },
        );
      }
      const rule = check.rule;
      const why = reason?.trim();
      if (rule.reasonRequired && !why) throw taskInvalid(TaskErrorCode.REASON_REQUIRED, `'${action}' needs a reason`);
      if (action === 'start') {
        const blockers = await this.dependencies.openBlockers(m, task.id);
        if (blockers.length > 0)
          throw taskConflict(TaskErrorCode.BLOCKED, `the task is blocked by ${blockers.join(', ')}`, {
            blockedBy: blockers,
          });
      }
      if (action === 'submit') {
        const open = await this.contributions.open(m, task.id);
        if (open.length > 0) {
          throw taskConflict(
            TaskErrorCode.CONTRIBUTIONS_OPEN,
            `the contributions of ${open.join(', ')} are still open`,
            { openContributions: open },
          );
        }
      }
      const before = await this.tasks.snapshot(m);
      await this.tasks.setState(m, task.id, rule.to, at);
      await this.histories.append(m, task.id, action, {
        at,
        ...actorOf(principal),
        fromState: task.state,
        toState: rule.to,
        reason: why ?? null,
      });
      const after = await this.tasks.snapshot(m);
      const base = taskEventBase(taskIn(after, task.id), after.progress.get(task.id) ?? 0, at);
      const events: OutboxEvent[] = [];
      switch (action) {
        case 'assign':
          events.push(taskEvent(EventTypes.TASK_ASSIGNED, base, at));
          break;
        case 'start':
          events.push(taskEvent(EventTypes.TASK_STARTED, base, at));
          break;
        case 'submit':
          events.push(taskEvent(EventTypes.TASK_SUBMITTED, base, at));
          break;
        case 'approve':
          events.push(taskEvent(EventTypes.TASK_APPROVED, base, at));
          break;
        // A return and a cancel always have a reason: reasonRequired was checked above.
        case 'return':
          events.push(taskEvent(EventTypes.TASK_RETURNED, { ...base, reason: why ?? '' }, at));
          break;
        case 'cancel':
          events.push(taskEvent(EventTypes.TASK_CANCELLED, { ...base, reason: why ?? '' }, at));
          break;
      }
      events.push(...progressChanges(before, after, at));
      return { events, result: undefined };
    });
    return this.queries.detail(ref);
  }

  /** A coordinating agency completes its own contribution while the task is IN_PROGRESS. */
  async completeContribution(
    ref: string,
    agency: string,
    note: string | undefined,
    principal: Principal,
  ): Promise<TaskDetail> {
    await this.transactions.write(async (m, at) => {
      const task = await this.tasks.task(m, ref, true);
      assertAllowed(mayTakeTaskStep(principal, 'complete-contribution', task, agency));
      if (task.state !== 'IN_PROGRESS') {
        throw taskConflict(
          TaskErrorCode.NOT_OPEN,
          `contributions are completed while the task is IN_PROGRESS; it is ${task.state}`,
          { state: task.state },
        );
      }
      if (!(await this.contributions.complete(m, task.id, agency, at, principal.sub, note ?? null)))
        throw taskConflict(
          TaskErrorCode.CONTRIBUTION_ALREADY_COMPLETED,
          `the contribution of ${agency} is already completed`,
        );
      await this.histories.append(m, task.id, 'contribution-completed', {
        at,
        ...actorOf(principal),
        details: { agency, note: note ?? null },
      });
      const s = await this.tasks.snapshot(m);
      const event = taskEvent(
        EventTypes.TASK_CONTRIBUTION_COMPLETED,
        { ...taskEventBase(task, s.progress.get(task.id) ?? 0, at), agency },
        at,
      );
      return { events: [event], result: undefined };
    });
    return this.queries.detail(ref);
  }
}
