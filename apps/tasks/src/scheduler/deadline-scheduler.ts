import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock, isServedDate, vietnamDate } from '@dxhub/calendar';
import { ESCALATION_LEVELS, EventTypes, type EscalationLevel } from '@dxhub/contracts';
import { appendToOutbox, type OutboxEvent, OutboxRelayService } from '@dxhub/messaging';
import { PeriodicJob, runExclusively } from '@dxhub/persistence';
import { counter } from '@dxhub/observability';
import { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { TasksConfig } from '../config/tasks.config';
import { taskEvent, taskEventBase } from '../tasks/task-events';
import { TaskHistoryRepository } from '../tasks/task-history.repository';
import { isTask } from '../tasks/task-row';
import { TasksRepository } from '../tasks/tasks.repository';
import { OPEN_STATES } from '../workflow/task-workflow';
import { SchedulerRepository } from './scheduler.repository';

const fired = counter('dx_task_reminders_fired_total', 'Deadline reminders and escalations fired', ['kind']);

/** What one scheduler run did; `skipped` when another replica held the lock. */
export interface SchedulerRun {
  skipped: boolean;
  dueSoon: string[];
  overdue: string[];
  escalated: { code: string; level: EscalationLevel }[];
}

/** Lock name of the scheduler: one replica runs at a time. */
const SCHEDULER_LOCK = 'tasks.deadline-scheduler';

/**
 * Deadline reminders in working days. Each run takes a transaction-level advisory lock without waiting: with
 * several replicas, one runs and the others skip. Each reminder is also recorded in task_reminders under its
 * (task, kind, deadline, level) key in the same transaction as its event, so it fires once per task and deadline
 * even across runs, restarts and a lock that were ever lost; an extended deadline is a new key.
 *
 * - `dx.task.due-soon`: an open task whose deadline is within DUE_SOON_WORKING_DAYS working days;
 * - `dx.task.overdue`: an open task at least one working day past its deadline;
 * - `dx.task.escalated`: an overdue task, up the chain officer → agency head → provincial office after the
 *   configured working days overdue (each level once per deadline).
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeadlineScheduler.name);
  private readonly job: PeriodicJob;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: TasksConfig,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly relay: OutboxRelayService,
    private readonly tasks: TasksRepository,
    private readonly histories: TaskHistoryRepository,
    private readonly reminders: SchedulerRepository,
  ) {
    this.job = new PeriodicJob(
      this.config.SCHEDULER_INTERVAL_MS,
      () => this.runOnce(),
      (error) => this.logger.error({ msg: 'deadline scheduler run failed', err: error }),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }

  async runOnce(): Promise<SchedulerRun> {
    const now = this.clock.now();
    const today = vietnamDate(now);
    const calendar = await this.calendars.reload();
    const exclusive = await runExclusively(this.dataSource, SCHEDULER_LOCK, async (m) => {
      const result: SchedulerRun = { skipped: false, dueSoon: [], overdue: [], escalated: [] };
      const snapshot = await this.tasks.snapshot(m);
      const open = snapshot.nodes.filter(isTask).filter((t) => OPEN_STATES.includes(t.state));
      const events: OutboxEvent[] = [];
      for (const task of open) {
        const progress = snapshot.progress.get(task.id) ?? 0;
        const base = () => taskEventBase(task, progress, now);
        // A deadline stored before dates were bounded may lie beyond the served years: never due soon nor late.
        if (!isServedDate(task.dueDate)) continue;
        if (today <= task.dueDate) {
          const left = calendar.workingDaysBetween(today, task.dueDate);
          if (left <= this.config.DUE_SOON_WORKING_DAYS && (await this.reminders.claim(m, task, 'due-soon', ''))) {
            events.push(taskEvent(EventTypes.TASK_DUE_SOON, { ...base(), workingDaysLeft: left }, now));
            result.dueSoon.push(task.code);
          }
          continue;
        }
        const late = calendar.workingDaysBetween(task.dueDate, today);
        if (late < 1) continue;
        if (await this.reminders.claim(m, task, 'overdue', '')) {
          events.push(taskEvent(EventTypes.TASK_OVERDUE, { ...base(), workingDaysOverdue: late }, now));
          result.overdue.push(task.code);
        }
        for (const level of ESCALATION_LEVELS) {
          if (late < this.delay(level)) continue;
          if (!(await this.reminders.claim(m, task, 'escalated', level))) continue;
          const escalatedTo = level === 'provincial-office' ? this.config.PROVINCIAL_OFFICE_AGENCY : task.leadAgency;
          events.push(taskEvent(EventTypes.TASK_ESCALATED, { ...base(), level, escalatedTo }, now));
          await this.histories.append(m, task.id, 'escalated', {
            at: now,
            actor: 'scheduler',
            agency: null,
            details: { level, escalatedTo, workingDaysOverdue: late, dueDate: task.dueDate },
          });
          result.escalated.push({ code: task.code, level });
        }
      }
      await appendToOutbox(m, events);
      return result;
    });
    const run: SchedulerRun = exclusive.skipped
      ? { skipped: true, dueSoon: [], overdue: [], escalated: [] }
      : exclusive.result;
    if (!run.skipped) {
      fired.inc({ kind: 'due-soon' }, run.dueSoon.length);
      fired.inc({ kind: 'overdue' }, run.overdue.length);
      fired.inc({ kind: 'escalated' }, run.escalated.length);
      if (run.dueSoon.length + run.overdue.length + run.escalated.length > 0) {
        this.relay.nudge();
        this.logger.log({ msg: 'deadline reminders', today, ...run });
      }
    }
    return run;
  }

  private delay(level: EscalationLevel): number {
    return {
      officer: this.config.ESCALATE_OFFICER_AFTER_WORKING_DAYS,
      'agency-head': this.config.ESCALATE_AGENCY_HEAD_AFTER_WORKING_DAYS,
      'provincial-office': this.config.ESCALATE_PROVINCIAL_OFFICE_AFTER_WORKING_DAYS,
    }[level];
  }
}
