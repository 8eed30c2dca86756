import { Injectable } from '@nestjs/common';
import { isServedDate, SERVED_RANGE_TEXT } from '@dxhub/calendar';
import type { Actor } from './actor';
import { ProgrammeQueryService } from './programme-query.service';
import { TaskContributionsRepository } from './task-contributions.repository';
import { TaskHistoryRepository } from './task-history.repository';
import { isTask, type NewTask, type TaskPatch } from './task-row';
import { TaskTransactionService } from './task-transaction.service';
import type { TaskDetail, TaskView } from './task-views';
import { TasksRepository } from './tasks.repository';
import { TaskErrorCode, taskConflict, taskInvalid, taskNotFound } from './tasks.exception';

/** A goal under the resolution or a task group under a goal. */
export interface NewProgrammeNode {
  kind: 'goal' | 'group';
  parentCode: string;
  code: string;
  titleVi: string;
  titleEn: string;
  weight: number;
}

/** The programme tree's changes: goals and task groups, and tasks and sub-tasks (add, change, delete a draft). */
@Injectable()
export class ProgrammeService {
  constructor(
    private readonly transactions: TaskTransactionService,
    private readonly tasks: TasksRepository,
    private readonly contributions: TaskContributionsRepository,
    private readonly histories: TaskHistoryRepository,
    private readonly queries: ProgrammeQueryService,
  ) {}

  /** Adds a goal under the resolution or a task group under a goal. */
  async createNode(input: NewProgrammeNode): Promise<TaskView> {
    await this.transactions.write(async (m) => {
      const parent = await this.tasks.node(m, input.parentCode);
      const expected = input.kind === 'goal' ? 'resolution' : 'goal';
      if (!parent || parent.kind !== expected)
        throw taskInvalid(
          TaskErrorCode.INVALID_PARENT,
          `a ${input.kind} goes under a ${expected}; '${input.parentCode}' is not one`,
        );
      if (input.kind === 'group' && !input.code.startsWith(`${parent.code}.`))
        throw taskInvalid(TaskErrorCode.INVALID_PARENT, `the code must start with '${parent.code}.'`);
      if (await this.tasks.node(m, input.code))
        throw taskConflict(TaskErrorCode.CODE_TAKEN, `the code '${input.code}' is taken`);
      await this.tasks.insertNode(m, { code: input.code, kind: input.kind, parentId: parent.id }, input);
      return { events: [], result: undefined };
    });
    return this.queries.node(input.code);
  }

  /** Titles and weight of a goal or task group (or the resolution's titles). */
  async updateNode(code: string, patch: { titleVi?: string; titleEn?: string; weight?: number }): Promise<TaskView> {
    await this.transactions.write(async (m) => {
      const node = await this.tasks.node(m, code);
      if (!node || isTask(node)) throw taskNotFound(code);
      await this.tasks.updateNode(m, node.id, {
        titleVi: patch.titleVi ?? node.titleVi,
        titleEn: patch.titleEn ?? node.titleEn,
        weight: patch.weight ?? node.weight,
      });
      return { events: [], result: undefined };
    });
    return this.queries.node(code);
  }

  /** Adds a task under a task group, or a sub-task under a task, as a DRAFT. */
  async create(input: NewTask, by: Actor): Promise<TaskDetail> {
    const id = await this.transactions.write(async (m, at) => {
      const parent = await this.tasks.node(m, input.parentCode);
      if (!parent || !['group', 'task'].includes(parent.kind)) {
        throw taskInvalid(
          TaskErrorCode.INVALID_PARENT,
          `a task goes under a task group and a sub-task under a task; '${input.parentCode}' is neither`,
        );
      }
      if (!input.code.startsWith(`${parent.code}.`))
        throw taskInvalid(TaskErrorCode.INVALID_PARENT, `the code must start with '${parent.code}.'`);
      if (await this.tasks.node(m, input.code))
        throw taskConflict(TaskErrorCode.CODE_TAKEN, `the code '${input.code}' is taken`);
      if (!isServedDate(input.dueDate))
        throw taskInvalid(
          TaskErrorCode.INVALID_DEADLINE,
          `dueDate '${input.dueDate}' is not a date YYYY-MM-DD ${SERVED_RANGE_TEXT}`,
        );
      if (input.coordinatingAgencies.includes(input.leadAgency))
        throw taskInvalid(TaskErrorCode.INVALID_PARENT, 'the lead agency cannot also coordinate');
      const created = await this.tasks.insertTask(m, parent, input, 'DRAFT');
      await this.histories.append(m, created, 'created', { at, ...by, toState: 'DRAFT' });
      if (parent.kind === 'task') await this.tasks.takeProgressFromChildren(m, parent.id);
      return { events: [], result: created };
    });
    return this.queries.detail(id);
  }

  /** Changes what may change after creation: titles, weight and estimate always; the agencies only in DRAFT. */
  async update(ref: string, patch: TaskPatch, by: Actor): Promise<TaskDetail> {
    await this.transactions.write(async (m, at) => {
      const task = await this.tasks.task(m, ref, true);
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
      await this.tasks.updateTask(m, task.id, {
        titleVi: patch.titleVi ?? task.titleVi,
        titleEn: patch.titleEn ?? task.titleEn,
        weight: patch.weight ?? task.weight,
        estimateWorkingDays: patch.estimateWorkingDays ?? task.estimateWorkingDays,
        leadAgency: lead,
        coordinatingAgencies: coordinating,
        reviewerAgency: patch.reviewerAgency ?? task.reviewerAgency,
      });
      if (patch.coordinatingAgencies) await this.contributions.sync(m, task.id, coordinating);
      await this.histories.append(m, task.id, 'updated', { at, ...by, details: { ...patch } });
      return { events: [], result: task.id };
    });
    return this.queries.detail(ref);
  }

  /** Deletes a DRAFT task with no sub-tasks (it never left the programme office). */
  async remove(ref: string): Promise<void> {
    await this.transactions.write(async (m) => {
      const task = await this.tasks.task(m, ref, true);
      if (task.state !== 'DRAFT')
        throw taskConflict(
          TaskErrorCode.NOT_A_DRAFT,
          `only a DRAFT task can be deleted; cancel it instead (it is ${task.state})`,
        );
      if ((await this.tasks.childCount(m, task.id)) > 0)
        throw taskConflict(TaskErrorCode.NOT_A_DRAFT, 'the task has sub-tasks; delete them first');
      await this.tasks.delete(m, task.id);
      return { events: [], result: undefined };
    });
  }
}
