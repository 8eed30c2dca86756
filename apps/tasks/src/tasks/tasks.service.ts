import { Inject, Injectable } from '@nestjs/common';
import { type AuditEntry, auditRequestIn, recordAuditEntries } from '@dxhub/audit';
import { assertAllowed, mayReportTaskProgress, mayTakeTaskStep, type Principal } from '@dxhub/auth';
import { Clock, isServedDate, SERVED_RANGE_TEXT, vietnamDate } from '@dxhub/calendar';
import { EventTypes, RejectionCodes, type TaskState } from '@dxhub/contracts';
import {
  appendToOutbox,
  claimInInbox,
  type InboxKey,
  logAndAnnounceRejections,
  type OutboxEvent,
  OutboxRelayService,
  releaseFromInbox,
} from '@dxhub/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { buildTaskGraph, type GraphTask, type TaskGraph, wouldCreateCycle } from '../graph/dependency-graph';
import { taskEvent, taskEventBase } from './task-events';
import { isTask, type NodeKind, type ProgrammeNode, type TaskNode } from './task-row';
import { type ProgrammeSnapshot, returnedRows, TaskStore } from './task-store';
import { checkTransition, TASK_ACTIONS, type TaskAction } from '../workflow/task-workflow';
import { TaskErrorCode, taskConflict, taskInvalid, taskNotFound } from './tasks.exception';

/** Who takes a step: a person (REST) or an agency's producer (Kafka). */
export interface Actor {
  actor: string;
  agency: string | null;
}

export const actorOf = (p: Principal): Actor => ({ actor: p.sub, agency: p.agency });

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

export interface NewTask {
  parentCode: string;
  code: string;
  titleVi: string;
  titleEn: string;
  weight: number;
  leadAgency: string;
  coordinatingAgencies: string[];
  reviewerAgency: string;
  dueDate: string;
  estimateWorkingDays?: number;
  indicators?: { indicatorCode: string; baseline: number; target: number }[];
}

export interface TaskView {
  id: string;
  code: string;
  kind: NodeKind;
  parentCode: string | null;
  titleVi: string;
  titleEn: string;
  weight: number;
  state: TaskState | null;
  leadAgency: string | null;
  coordinatingAgencies: string[];
  reviewerAgency: string | null;
  dueDate: string | null;
  progressSource: string;
  progressPercent: number;
  estimateWorkingDays: number | null;
  allowedActions?: TaskAction[];
  version: number;
}

/**
 * The programme's tasks: reads with rolled-up progress, and every change as one transaction that also writes the
 * task's history, its events (outbox) and, for REST, the audit entry's counterpart (the interceptor).
 */
@Injectable()
export class TasksService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly relay: OutboxRelayService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  // ── reads ──────────────────────────────────────────────────────────────────────────────────────

  async programme(): Promise<unknown> {
    const s = await TaskStore.snapshot(this.dataSource.manager);
    const childrenOf = new Map<string | null, ProgrammeNode[]>();
    for (const n of s.nodes) childrenOf.set(n.parentId, [...(childrenOf.get(n.parentId) ?? []), n]);
    const tree = (n: ProgrammeNode): unknown => ({
      ...this.view(s, n),
      children: (childrenOf.get(n.id) ?? []).map(tree),
    });
    return { data: (childrenOf.get(null) ?? []).map(tree) };
  }

  async list(filter: { state?: string; agency?: string; parent?: string }): Promise<TaskView[]> {
    const s = await TaskStore.snapshot(this.dataSource.manager);
    const parent = filter.parent ? s.nodes.find((n) => n.code === filter.parent) : undefined;
    if (filter.parent && !parent) throw taskNotFound(filter.parent);
    return s.nodes
      .filter(isTask)
      .filter((t) => !filter.state || t.state === filter.state)
      .filter(
        (t) =>
          !filter.agency ||
          t.leadAgency === filter.agency ||
          t.coordinatingAgencies.includes(filter.agency) ||
          t.reviewerAgency === filter.agency,
      )
      .filter((t) => !parent || t.parentId === parent.id)
      .map((t) => this.view(s, t));
  }

  async get(ref: string): Promise<unknown> {
    const m = this.dataSource.manager;
    const task = await TaskStore.task(m, ref);
    const s = await TaskStore.snapshot(m);
    const contributions = await m.query(
      `SELECT agency, completed_at AS "completedAt", completed_by AS "completedBy", note FROM task_contributions WHERE task_id = $1 ORDER BY agency`,
      [task.id],
    );
    const codeOf = (id: string) => s.byId.get(id)?.code;
    return {
      ...this.view(s, task),
      contributions,
      blockedBy: s.dependencies
        .filter((d) => d.blockedId === task.id)
        .map((d) => codeOf(d.blockerId))
        .sort(),
      blocks: s.dependencies
        .filter((d) => d.blockerId === task.id)
        .map((d) => codeOf(d.blockedId))
        .sort(),
      indicators: s.links.get(task.id) ?? [],
      subtasks: s.nodes.filter((n) => n.parentId === task.id).map((n) => this.view(s, n)),
    };
  }

  task(ref: string): Promise<TaskNode> {
    return TaskStore.task(this.dataSource.manager, ref);
  }

  async history(ref: string): Promise<unknown[]> {
    const task = await TaskStore.task(this.dataSource.manager, ref);
    return this.dataSource.query(
      `SELECT id::text, at, actor, agency, action, from_state AS "fromState", to_state AS "toState", reason, details
       FROM task_history WHERE task_id = $1 ORDER BY id`,
      [task.id],
    );
  }

  async graph(): Promise<TaskGraph> {
    const s = await TaskStore.snapshot(this.dataSource.manager);
    const goalOf = (n: ProgrammeNode): string | null => {
      for (let cur: ProgrammeNode | undefined = n; cur; cur = cur.parentId ? s.byId.get(cur.parentId) : undefined) {
        if (cur.kind === 'goal') return cur.code;
      }
      return null;
    };
    const tasks: GraphTask[] = s.nodes.filter(isTask).map((t) => ({
      id: t.id,
      code: t.code,
      goalCode: goalOf(t),
      state: t.state,
      leadAgency: t.leadAgency,
      dueDate: t.dueDate,
      progressPercent: s.progress.get(t.id) ?? 0,
      estimateWorkingDays: t.estimateWorkingDays,
    }));
    return buildTaskGraph(tasks, s.dependencies, vietnamDate(this.clock.now()), this.calendars.calendar());
  }

  // ── changes ────────────────────────────────────────────────────────────────────────────────────

  async create(input: NewTask, by: Actor): Promise<unknown> {
    const id = await this.write(async (m, at) => {
      const parent = await TaskStore.node(m, input.parentCode);
      if (!parent || !['group', 'task'].includes(parent.kind)) {
        throw taskInvalid(
          TaskErrorCode.INVALID_PARENT,
          `a task goes under a task group and a sub-task under a task; '${input.parentCode}' is neither`,
        );
      }
      if (!input.code.startsWith(`${parent.code}.`))
        throw taskInvalid(TaskErrorCode.INVALID_PARENT, `the code must start with '${parent.code}.'`);
      if (await TaskStore.node(m, input.code))
        throw taskConflict(TaskErrorCode.CODE_TAKEN, `the code '${input.code}' is taken`);
      if (!isServedDate(input.dueDate))
        throw taskInvalid(
          TaskErrorCode.INVALID_DEADLINE,
          `dueDate '${input.dueDate}' is not a date YYYY-MM-DD ${SERVED_RANGE_TEXT}`,
        );
      if (input.coordinatingAgencies.includes(input.leadAgency))
        throw taskInvalid(TaskErrorCode.INVALID_PARENT, 'the lead agency cannot also coordinate');
      const created = await insertTask(m, parent, input, 'DRAFT');
      await TaskStore.history(m, created, 'created', { at, ...by, toState: 'DRAFT' });
      if (parent.kind === 'task')
        await m.query(
          `UPDATE programme_nodes SET progress_source = 'children', updated_at = now() WHERE id = $1 AND progress_source = 'manual'`,
          [parent.id],
        );
      return { events: [], result: created };
    });
    return this.get(id);
  }

  /** Adds a goal under the resolution or a task group under a goal. */
  async createNode(input: {
    kind: 'goal' | 'group';
    parentCode: string;
    code: string;
    titleVi: string;
    titleEn: string;
    weight: number;
  }): Promise<unknown> {
    await this.write(async (m) => {
      const parent = await TaskStore.node(m, input.parentCode);
      const expected = input.kind === 'goal' ? 'resolution' : 'goal';
      if (!parent || parent.kind !== expected)
        throw taskInvalid(
          TaskErrorCode.INVALID_PARENT,
          `a ${input.kind} goes under a ${expected}; '${input.parentCode}' is not one`,
        );
      if (input.kind === 'group' && !input.code.startsWith(`${parent.code}.`))
        throw taskInvalid(TaskErrorCode.INVALID_PARENT, `the code must start with '${parent.code}.'`);
      if (await TaskStore.node(m, input.code))
        throw taskConflict(TaskErrorCode.CODE_TAKEN, `the code '${input.code}' is taken`);
      await m.query(
        `INSERT INTO programme_nodes (code, kind, parent_id, title_vi, title_en, weight, progress_source) VALUES ($1, $2, $3, $4, $5, $6, 'children')`,
        [input.code, input.kind, parent.id, input.titleVi, input.titleEn, input.weight],
      );
      return { events: [], result: undefined };
    });
    return this.node(input.code);
  }

  /** Titles and weight of a goal or task group (or the resolution's titles). */
  async updateNode(code: string, patch: { titleVi?: string; titleEn?: string; weight?: number }): Promise<unknown> {
    await this.write(async (m) => {
      const node = await TaskStore.node(m, code);
      if (!node || isTask(node)) throw taskNotFound(code);
      await m.query(
        `UPDATE programme_nodes SET title_vi = $2, title_en = $3, weight = $4, version = version + 1, updated_at = now() WHERE id = $1`,
        [node.id, patch.titleVi ?? node.titleVi, patch.titleEn ?? node.titleEn, patch.weight ?? node.weight],
      );
      return { events: [], result: undefined };
    });
    return this.node(code);
  }

  /** One node of the tree with its progress (no children). */
  async node(code: string): Promise<TaskView> {
    const s = await TaskStore.snapshot(this.dataSource.manager);
    const node = s.nodes.find((n) => n.code === code);
    if (!node) throw taskNotFound(code);
    return this.view(s, node);
  }

  /** Changes what may change after creation: titles, weight and estimate always; the agencies only in DRAFT. */
  async update(
    ref: string,
    patch: Partial<
      Pick<
        NewTask,
        | 'titleVi'
        | 'titleEn'
        | 'weight'
        | 'estimateWorkingDays'
        | 'leadAgency'
        | 'coordinatingAgencies'
        | 'reviewerAgency'
      >
    >,
    by: Actor,
  ): Promise<unknown> {
    await this.write(async (m, at) => {
      const task = await TaskStore.task(m, ref, true);
      const partiesChange =
        patch.leadAgency !== undefined ||
        patch.coordinatingAgencies !== undefined ||
        patch.reviewerAgency !== undefined;
      if (partiesChange && task.state !== 'DRAFT')
        throw taskConflict(
          TaskErrorCode.NOT_A_DRAFT,
          `the agencies of a task change only while it is a DRAFT; it is ${task.state}`,
        );
      const lead = patch.leadAgency ?? task.leadAgency;
      const coordinating = patch.coordinatingAgencies ?? task.coordinatingAgencies;
      if (coordinating.includes(lead))
        throw taskInvalid(TaskErrorCode.INVALID_PARENT, 'the lead agency cannot also coordinate');
      await m.query(
        `UPDATE programme_nodes SET title_vi = $2, title_en = $3, weight = $4, estimate_working_days = $5, lead_agency = $6,
           coordinating_agencies = $7, reviewer_agency = $8, version = version + 1, updated_at = now() WHERE id = $1`,
        [
          task.id,
          patch.titleVi ?? task.titleVi,
          patch.titleEn ?? task.titleEn,
          patch.weight ?? task.weight,
          patch.estimateWorkingDays ?? task.estimateWorkingDays,
          lead,
          coordinating,
          patch.reviewerAgency ?? task.reviewerAgency,
        ],
      );
      if (patch.coordinatingAgencies) await syncContributions(m, task.id, coordinating);
      await TaskStore.history(m, task.id, 'updated', { at, ...by, details: { ...patch } });
      return { events: [], result: task.id };
    });
    return this.get(ref);
  }

  /** Deletes a DRAFT task with no sub-tasks (it never left the programme office). */
  async remove(ref: string): Promise<void> {
    await this.write(async (m) => {
      const task = await TaskStore.task(m, ref, true);
      if (task.state !== 'DRAFT')
        throw taskConflict(
          TaskErrorCode.NOT_A_DRAFT,
          `only a DRAFT task can be deleted; cancel it instead (it is ${task.state})`,
        );
      const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM programme_nodes WHERE parent_id = $1`, [
        task.id,
      ])) as { n: number }[];
      if (n > 0) throw taskConflict(TaskErrorCode.NOT_A_DRAFT, 'the task has sub-tasks; delete them first');
      await m.query(`DELETE FROM programme_nodes WHERE id = $1`, [task.id]);
      return { events: [], result: undefined };
    });
  }

  /** One workflow step: role and agency checked (403), then the state machine (409), then the step's own rules. */
  async transition(
    ref: string,
    action: TaskAction,
    reason: string | undefined,
    principal: Principal,
  ): Promise<unknown> {
    await this.write(async (m, at) => {
      const task = await TaskStore.task(m, ref, true);
      const check = checkTransition(task.state, action);
      assertAllowed(mayTakeTaskStep(principal, check.ok ? check.rule.step : stepOf(action), task));
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
        const blockers = await TaskStore.openBlockers(m, task.id);
        if (blockers.length > 0)
          throw taskConflict(TaskErrorCode.BLOCKED, `the task is blocked by ${blockers.join(', ')}`, {
            blockedBy: blockers,
          });
      }
      if (action === 'submit') {
        const open = await TaskStore.openContributions(m, task.id);
        if (open.length > 0) {
          throw taskConflict(
            TaskErrorCode.CONTRIBUTIONS_OPEN,
            `the contributions of ${open.join(', ')} are still open`,
            { openContributions: open },
          );
        }
      }
      const before = await TaskStore.snapshot(m);
      await m.query(`UPDATE programme_nodes SET state = $2, version = version + 1, updated_at = $3 WHERE id = $1`, [
        task.id,
        rule.to,
        at.toISOString(),
      ]);
      await TaskStore.history(m, task.id, action, {
        at,
        ...actorOf(principal),
        fromState: task.state,
        toState: rule.to,
        reason: why ?? null,
      });
      const after = await TaskStore.snapshot(m);
      const updated = after.byId.get(task.id) as TaskNode;
      const base = taskEventBase(updated, after.progress.get(task.id) ?? 0, at);
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
        case 'return':
          events.push(taskEvent(EventTypes.TASK_RETURNED, { ...base, reason: why as string }, at));
          break;
        case 'cancel':
          events.push(taskEvent(EventTypes.TASK_CANCELLED, { ...base, reason: why as string }, at));
          break;
      }
      events.push(...progressChanges(before, after, at));
      return { events, result: undefined };
    });
    return this.get(ref);
  }

  async completeContribution(
    ref: string,
    agency: string,
    note: string | undefined,
    principal: Principal,
  ): Promise<unknown> {
    await this.write(async (m, at) => {
      const task = await TaskStore.task(m, ref, true);
      assertAllowed(mayTakeTaskStep(principal, 'complete-contribution', task, agency));
      if (task.state !== 'IN_PROGRESS') {
        throw taskConflict(
          TaskErrorCode.NOT_OPEN,
          `contributions are completed while the task is IN_PROGRESS; it is ${task.state}`,
          { state: task.state },
        );
      }
      const done = returnedRows(
        await m.query(
          `UPDATE task_contributions SET completed_at = $3, completed_by = $4, note = $5 WHERE task_id = $1 AND agency = $2 AND completed_at IS NULL RETURNING agency`,
          [task.id, agency, at.toISOString(), principal.sub, note ?? null],
        ),
      );
      if (done.length === 0)
        throw taskConflict(
          TaskErrorCode.CONTRIBUTION_ALREADY_COMPLETED,
          `the contribution of ${agency} is already completed`,
        );
      await TaskStore.history(m, task.id, 'contribution-completed', {
        at,
        ...actorOf(principal),
        details: { agency, note: note ?? null },
      });
      const s = await TaskStore.snapshot(m);
      const event = taskEvent(
        EventTypes.TASK_CONTRIBUTION_COMPLETED,
        { ...taskEventBase(task, s.progress.get(task.id) ?? 0, at), agency },
        at,
      );
      return { events: [event], result: undefined };
    });
    return this.get(ref);
  }

  /** The date `n` working days after today in Vietnam. */
  workingDaysFromToday(n: number): string {
    return this.calendars.calendar().addWorkingDays(vietnamDate(this.clock.now()), n);
  }

  /** A new deadline, as a date or as working days added to the current one, later than it and with a reason. */
  async extendDeadline(
    ref: string,
    to: string | { byWorkingDays: number },
    reason: string,
    principal: Principal,
  ): Promise<unknown> {
    await this.write(async (m, at) => {
      const task = await TaskStore.task(m, ref, true);
      const dueDate =
        typeof to === 'string' ? to : this.calendars.calendar().addWorkingDays(task.dueDate, to.byWorkingDays);
      assertAllowed(mayTakeTaskStep(principal, 'extend-deadline', task));
      if (task.state === 'APPROVED' || task.state === 'CANCELLED')
        throw taskConflict(TaskErrorCode.NOT_OPEN, `the task is ${task.state}`, { state: task.state });
      if (!isServedDate(dueDate))
        throw taskInvalid(TaskErrorCode.INVALID_DEADLINE, `'${dueDate}' is not a date YYYY-MM-DD ${SERVED_RANGE_TEXT}`);
      if (dueDate <= task.dueDate)
        throw taskInvalid(TaskErrorCode.INVALID_DEADLINE, `an extension moves the deadline later than ${task.dueDate}`);
      if (!reason.trim()) throw taskInvalid(TaskErrorCode.REASON_REQUIRED, 'extending a deadline needs a reason');
      await m.query(`UPDATE programme_nodes SET due_date = $2, version = version + 1, updated_at = $3 WHERE id = $1`, [
        task.id,
        dueDate,
        at.toISOString(),
      ]);
      await TaskStore.history(m, task.id, 'deadline-extended', {
        at,
        ...actorOf(principal),
        reason,
        details: { previousDueDate: task.dueDate, dueDate },
      });
      const s = await TaskStore.snapshot(m);
      const updated = s.byId.get(task.id) as TaskNode;
      const event = taskEvent(
        EventTypes.TASK_DEADLINE_EXTENDED,
        { ...taskEventBase(updated, s.progress.get(task.id) ?? 0, at), previousDueDate: task.dueDate, reason },
        at,
      );
      return { events: [event], result: undefined };
    });
    return this.get(ref);
  }

  async addDependency(blockedRef: string, blockerRef: string, by: Actor): Promise<unknown> {
    await this.write(async (m, at) => {
      const blocked = await TaskStore.task(m, blockedRef, true);
      const blocker = await TaskStore.task(m, blockerRef);
      // One writer of the dependency graph at a time, so two concurrent additions cannot close a loop together.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('tasks.task_dependencies'))`);
      const edges = (await m.query(
        `SELECT blocker_id AS "blockerId", blocked_id AS "blockedId" FROM task_dependencies`,
      )) as { blockerId: string; blockedId: string }[];
      if (wouldCreateCycle(edges, blocker.id, blocked.id)) {
        throw taskConflict(
          TaskErrorCode.DEPENDENCY_CYCLE,
          `${blocker.code} cannot block ${blocked.code}: that closes a loop`,
        );
      }
      await m.query(`INSERT INTO task_dependencies (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        blocker.id,
        blocked.id,
      ]);
      await TaskStore.history(m, blocked.id, 'dependency-added', { at, ...by, details: { blockedBy: blocker.code } });
      return { events: [], result: undefined };
    });
    return this.get(blockedRef);
  }

  async removeDependency(blockedRef: string, blockerRef: string, by: Actor): Promise<unknown> {
    await this.write(async (m, at) => {
      const blocked = await TaskStore.task(m, blockedRef, true);
      const blocker = await TaskStore.task(m, blockerRef);
      const gone = returnedRows(
        await m.query(`DELETE FROM task_dependencies WHERE blocker_id = $1 AND blocked_id = $2 RETURNING blocker_id`, [
          blocker.id,
          blocked.id,
        ]),
      );
      if (gone.length === 0) throw taskNotFound(`${blocker.code} → ${blocked.code}`);
      await TaskStore.history(m, blocked.id, 'dependency-removed', { at, ...by, details: { blockedBy: blocker.code } });
      return { events: [], result: undefined };
    });
    return this.get(blockedRef);
  }

  /**
   * Progress reports over REST, in one transaction: each claimed in the inbox (a retried request with the
   * same Idempotency-Key is a duplicate), then applied as applyProgressReports does. Refused reports are
   * logged in the rejection log (channel `rest`).
   */
  async reportProgress(reports: ProgressReport[]): Promise<ProgressOutcome[]> {
    if (reports.length === 0) return [];
    return this.write(async (m, at) => {
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

  /** Tells the outbox relay that a transaction it did not open (a consumer's) committed events. */
  committed(): void {
    this.relay.nudge();
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
    const before = await TaskStore.snapshot(m);
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
      await m.query(
        `INSERT INTO task_progress_reports (task_id, agency, percent, note, evidence_links, event_source, event_id, reported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          task.id,
          r.agency,
          r.percent,
          r.note ?? null,
          r.evidenceLinks ?? [],
          r.eventSource,
          r.eventId,
          r.reportedAt.toISOString(),
        ],
      );
      // The latest report by its own time wins, so a late-arriving older report does not move progress back.
      await m.query(
        `UPDATE programme_nodes SET own_progress = $2, version = version + 1, updated_at = now()
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM task_progress_reports p WHERE p.task_id = $1 AND p.reported_at > $3)`,
        [task.id, r.percent, r.reportedAt.toISOString()],
      );
      await TaskStore.history(m, task.id, 'progress-reported', {
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
    const after = await TaskStore.snapshot(m);
    return { events: progressChanges(before, after, at), result: outcomes };
  }

  /**
   * Latest province-level values of indicators (from dx.indicators.events), in the consumer's transaction `tx`:
   * tasks measured by them move. The caller nudges the outbox relay after the commit.
   */
  async applyIndicatorReadings(
    tx: EntityManager,
    readings: { indicatorCode: string; period: string; value: number; version: number; at: Date }[],
  ): Promise<number> {
    if (readings.length === 0) return 0;
    const at = this.clock.now();
    const before = await TaskStore.snapshot(tx);
    let moved = 0;
    for (const r of readings) {
      // Years sort as text; the latest year's highest aggregate version is the reading (re-deliveries change nothing).
      const rows = returnedRows(
        await tx.query(
          `UPDATE task_indicator_links SET value = $2, value_period = $3, value_at = $4, value_version = $5
           WHERE indicator_code = $1
             AND (value_period IS NULL OR value_period < $3 OR (value_period = $3 AND value_version < $5)) RETURNING task_id`,
          [r.indicatorCode, r.value, r.period, r.at.toISOString(), r.version],
        ),
      );
      moved += rows.length;
    }
    const after = await TaskStore.snapshot(tx);
    await appendToOutbox(tx, progressChanges(before, after, at));
    return moved;
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────

  /** Runs `work` in one transaction with its events in the outbox, then wakes the relay. */
  private async write<T>(
    work: (m: EntityManager, at: Date) => Promise<{ events: OutboxEvent[]; result: T }>,
  ): Promise<T> {
    const at = this.clock.now();
    const { events, result } = await this.dataSource.transaction(async (m) => {
      const out = await work(m, at);
      await appendToOutbox(m, out.events);
      // A REST write's audit row commits with its change (a consumer's call records nothing here).
      await auditRequestIn(m);
      return out;
    });
    if (events.length > 0) this.relay.nudge();
    return result;
  }

  private view(s: ProgrammeSnapshot, n: ProgrammeNode): TaskView {
    return {
      id: n.id,
      code: n.code,
      kind: n.kind,
      parentCode: n.parentId ? (s.byId.get(n.parentId)?.code ?? null) : null,
      titleVi: n.titleVi,
      titleEn: n.titleEn,
      weight: n.weight,
      state: n.state,
      leadAgency: n.leadAgency,
      coordinatingAgencies: n.coordinatingAgencies,
      reviewerAgency: n.reviewerAgency,
      dueDate: n.dueDate,
      progressSource: n.progressSource,
      progressPercent: s.progress.get(n.id) ?? 0,
      estimateWorkingDays: n.estimateWorkingDays,
      ...(n.state ? { allowedActions: TASK_ACTIONS.filter((a) => checkTransition(n.state as TaskState, a).ok) } : {}),
      version: n.version,
    };
  }
}

/** The access-rule step of an action, for the 403 check before the 409 one. */
function stepOf(action: TaskAction) {
  return (
    {
      assign: 'assign',
      start: 'start',
      submit: 'submit',
      approve: 'approve',
      return: 'request-changes',
      cancel: 'cancel',
    } as const
  )[action];
}

/** `dx.task.progress-updated` for every task whose rolled-up progress differs between two snapshots. */
export function progressChanges(before: ProgrammeSnapshot, after: ProgrammeSnapshot, at: Date): OutboxEvent[] {
  return after.nodes
    .filter(isTask)
    .filter((t) => before.progress.get(t.id) !== after.progress.get(t.id))
    .map((t) => taskEvent(EventTypes.TASK_PROGRESS_UPDATED, taskEventBase(t, after.progress.get(t.id) ?? 0, at), at));
}

export async function insertTask(
  m: EntityManager,
  parent: ProgrammeNode,
  t: NewTask,
  state: TaskState,
): Promise<string> {
  const kind = parent.kind === 'task' ? 'subtask' : 'task';
  const source = t.indicators && t.indicators.length > 0 ? 'indicators' : 'manual';
  const [{ id }] = (await m.query(
    `INSERT INTO programme_nodes (code, kind, parent_id, title_vi, title_en, weight, state, lead_agency, coordinating_agencies, reviewer_agency, due_date, progress_source, estimate_working_days)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      t.code,
      kind,
      parent.id,
      t.titleVi,
      t.titleEn,
      t.weight,
      state,
      t.leadAgency,
      t.coordinatingAgencies,
      t.reviewerAgency,
      t.dueDate,
      source,
      t.estimateWorkingDays ?? null,
    ],
  )) as { id: string }[];
  await syncContributions(m, id, t.coordinatingAgencies);
  for (const l of t.indicators ?? []) {
    await m.query(
      `INSERT INTO task_indicator_links (task_id, indicator_code, baseline, target) VALUES ($1, $2, $3, $4)`,
      [id, l.indicatorCode, l.baseline, l.target],
    );
  }
  return id;
}

/** One open contribution row per coordinating agency; rows of agencies no longer coordinating go. */
async function syncContributions(m: EntityManager, taskId: string, agencies: string[]): Promise<void> {
  await m.query(`DELETE FROM task_contributions WHERE task_id = $1 AND NOT (agency = ANY($2::text[]))`, [
    taskId,
    agencies,
  ]);
  await m.query(
    `INSERT INTO task_contributions (task_id, agency) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [taskId, agencies],
  );
}
