import { Injectable } from '@nestjs/common';
import { type AuditEntry, recordAuditEntries } from '@dxhub/audit';
import { Clock } from '@dxhub/calendar';
import { EventTypes, RejectionCodes } from '@dxhub/contracts';
import {
  appendToOutbox,
  claimInInbox,
  type InboxKey,
  logAndAnnounceRejections,
  type OutboxEvent,
  releaseFromInbox,
} from '@dxhub/messaging';
import type { EntityManager } from 'typeorm';
import { mayReportTaskProgress } from '../workflow/task-access-rules';
import { progressChanges } from './task-events';
import { TaskHistoryRepository } from './task-history.repository';
import { TaskProgressRepository } from './task-progress.repository';
import { isTask } from './task-row';
import { TaskTransactionService } from './task-transaction.service';
import { TasksRepository } from './tasks.repository';

/** A progress report from the lead agency, from REST or from its Kafka topic. */
export interface ProgressReport {
  taskCode: string;
  percent: number;
  note?: string;
  evidenceLinks?: string[];
  /** The reporting agency: the token's, or the topic's. */
  agency: string;
  actor: string;
  eventSource: string;
  eventId: string;
  reportedAt: Date;
  /** The Kafka topic it came on; absent for REST (the audit interceptor records those). */
  topic?: string;
}

export type ProgressOutcome = { status: 'applied' | 'duplicate' } | { status: 'rejected'; reason: string };

/** A province-level yearly value of an indicator (from dx.indicators.events). */
export interface IndicatorReading {
  indicatorCode: string;
  period: string;
  value: number;
  version: number;
  at: Date;
}

/**
 * Progress coming in: the lead agency's reports (REST and Kafka) and indicator readings (Kafka), each moving the
 * tasks they measure, with `dx.task.progress-updated` for every task whose rolled-up progress changed.
 */
@Injectable()
export class TaskProgressService {
  constructor(
    private readonly transactions: TaskTransactionService,
    private readonly tasks: TasksRepository,
    private readonly reports: TaskProgressRepository,
    private readonly histories: TaskHistoryRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Progress reports over REST, in one transaction: each claimed in the inbox (a retried request with the
   * same Idempotency-Key is a duplicate), then applied as applyProgressReports does. Refused reports are
   * logged in the rejection log (channel `rest`).
   */
  async reportProgress(reports: ProgressReport[]): Promise<ProgressOutcome[]> {
    if (reports.length === 0) return [];
    return this.transactions.write(async (m, at) => {
      const keys = reports.map((r) => ({ source: r.eventSource, id: r.eventId }));
      const fresh = await claimInInbox(m, keys, 'rest');
      const applied = await this.applyProgress(
        m,
        at,
        reports.filter((_, i) => fresh[i]),
      );
      const outcomes: ProgressOutcome[] = [];
      const refused: InboxKey[] = [];
      let next = 0;
      reports.forEach((_, i) => {
        if (!fresh[i]) return void outcomes.push({ status: 'duplicate' });
        const outcome = applied.result[next++];
        if (outcome.status === 'rejected') refused.push(keys[i]);
        outcomes.push(outcome);
      });
      // A refused report may be sent again with its key once the cause is fixed.
      await releaseFromInbox(m, refused);
      // Refused over REST as over Kafka: in the agency's rejection log, and the agency told.
      await logAndAnnounceRejections(
        m,
        reports.flatMap((r, i) => {
          const outcome = outcomes[i];
          if (outcome.status !== 'rejected') return [];
          return [
            {
              channel: 'rest' as const,
              agency: r.agency,
              eventId: r.eventId,
              eventSource: r.eventSource,
              eventType: EventTypes.TASK_PROGRESS_REPORTED,
              code: RejectionCodes.REFUSED,
              message: outcome.reason,
              at,
            },
          ];
        }),
        'tasks',
      );
      return { events: applied.events, result: outcomes };
    });
  }

  /**
   * Progress reports from agencies' topics, in the messaging pipeline's transaction `tx` (which claimed them in
   * the inbox); the caller nudges the outbox relay after the commit. Outcomes in the order of the reports.
   */
  async applyProgressReports(tx: EntityManager, reports: ProgressReport[]): Promise<ProgressOutcome[]> {
    const at = this.clock.now();
    const { events, result } = await this.applyProgress(tx, at, reports);
    await appendToOutbox(tx, events);
    return result;
  }

  /**
   * Latest province-level values of indicators, in the consumer's transaction `tx`: tasks measured by them move.
   * The caller nudges the outbox relay after the commit.
   */
  async applyIndicatorReadings(tx: EntityManager, readings: IndicatorReading[]): Promise<number> {
    if (readings.length === 0) return 0;
    const at = this.clock.now();
    const before = await this.tasks.snapshot(tx);
    let moved = 0;
    for (const r of readings) moved += await this.reports.applyIndicatorReading(tx, r);
    const after = await this.tasks.snapshot(tx);
    await appendToOutbox(tx, progressChanges(before, after, at));
    return moved;
  }

  /** Tells the outbox relay that a transaction it did not open (a consumer's) committed events. */
  committed(): void {
    this.transactions.committed();
  }

  /** The agencies that lead a task (whose progress topics the intake follows). */
  leadAgencies(): Promise<string[]> {
    return this.tasks.leadAgencies();
  }

  /**
   * Each report checked (the lead agency reports, the task is open and measured by reports), stored, and
   * moving the task's progress; `dx.task.progress-updated` for every task whose rolled-up progress changed.
   */
  private async applyProgress(
    m: EntityManager,
    at: Date,
    reports: ProgressReport[],
  ): Promise<{ events: OutboxEvent[]; result: ProgressOutcome[] }> {
    const before = await this.tasks.snapshot(m);
    const outcomes: ProgressOutcome[] = [];
    const audit: AuditEntry[] = [];
    for (const r of reports) {
      const task = before.nodes.find((n) => n.code === r.taskCode);
      if (!task || !isTask(task)) {
        outcomes.push({ status: 'rejected', reason: `no task '${r.taskCode}'` });
        continue;
      }
      const allowed = mayReportTaskProgress(r.agency, task);
      if (!allowed.allowed) {
        outcomes.push({ status: 'rejected', reason: `${allowed.rule}: ${allowed.reason}` });
        continue;
      }
      if (task.state !== 'IN_PROGRESS') {
        outcomes.push({
          status: 'rejected',
          reason: `task ${task.code} is ${task.state}; progress is reported while it is IN_PROGRESS`,
        });
        continue;
      }
      if (task.progressSource !== 'manual') {
        outcomes.push({
          status: 'rejected',
          reason: `task ${task.code} takes its progress from its ${task.progressSource === 'children' ? 'sub-tasks' : 'indicators'}`,
        });
        continue;
      }
      await this.reports.insertReport(m, {
        taskId: task.id,
        agency: r.agency,
        percent: r.percent,
        note: r.note ?? null,
        evidenceLinks: r.evidenceLinks ?? [],
        eventSource: r.eventSource,
        eventId: r.eventId,
        reportedAt: r.reportedAt,
      });
      // The latest report by its own time wins, so a late-arriving older report does not move progress back.
      await this.reports.setOwnProgress(m, task.id, r.percent, r.reportedAt);
      await this.histories.append(m, task.id, 'progress-reported', {
        at,
        actor: r.actor,
        agency: r.agency,
        details: {
          percent: r.percent,
          note: r.note ?? null,
          evidenceLinks: r.evidenceLinks ?? [],
          eventId: r.eventId,
        },
      });
      outcomes.push({ status: 'applied' });
      if (r.topic) {
        audit.push({
          actor: r.actor,
          agency: r.agency,
          action: 'task-progress.reported',
          resource: `tasks/${task.code}/progress`,
          requestId: r.eventId,
          source: `kafka:${r.topic}`,
          details: { percent: r.percent },
        });
      }
    }
    await recordAuditEntries(m, audit);
    const after = await this.tasks.snapshot(m);
    return { events: progressChanges(before, after, at), result: outcomes };
  }
}
