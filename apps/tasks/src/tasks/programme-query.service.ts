import { Injectable } from '@nestjs/common';
import { Clock, vietnamDate } from '@dxhub/calendar';
import { CalendarService } from '../calendar/calendar.service';
import { buildTaskGraph, type GraphTask, type TaskGraph } from '../graph/dependency-graph';
import { TaskContributionsRepository } from './task-contributions.repository';
import { TaskHistoryRepository } from './task-history.repository';
import { isTask, type ProgrammeNode, type TaskNode } from './task-row';
import { type ProgrammeTreeNode, type TaskDetail, type TaskHistoryView, type TaskView, viewOf } from './task-views';
import { TasksRepository } from './tasks.repository';
import { taskNotFound } from './tasks.exception';

/** Filters of GET /v1/tasks. */
export interface TaskFilter {
  state?: string;
  agency?: string;
  parent?: string;
}

/** Reads of the programme, each from one snapshot with rolled-up progress. */
@Injectable()
export class ProgrammeQueryService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly contributions: TaskContributionsRepository,
    private readonly histories: TaskHistoryRepository,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  async programme(): Promise<{ data: ProgrammeTreeNode[] }> {
    const s = await this.tasks.snapshot();
    const childrenOf = new Map<string | null, ProgrammeNode[]>();
    for (const n of s.nodes) childrenOf.set(n.parentId, [...(childrenOf.get(n.parentId) ?? []), n]);
    const tree = (n: ProgrammeNode): ProgrammeTreeNode => ({
      ...viewOf(s, n),
      children: (childrenOf.get(n.id) ?? []).map(tree),
    });
    return { data: (childrenOf.get(null) ?? []).map(tree) };
  }

  /** One node of the tree with its progress (no children). */
  async node(code: string): Promise<TaskView> {
    const s = await this.tasks.snapshot();
    const node = s.nodes.find((n) => n.code === code);
    if (!node) throw taskNotFound(code);
    return viewOf(s, node);
  }

  async list(filter: TaskFilter): Promise<TaskView[]> {
    const s = await this.tasks.snapshot();
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
      .map((t) => viewOf(s, t));
  }

  /** A task with its contributions, dependencies, indicators and sub-tasks. */
  async detail(ref: string): Promise<TaskDetail> {
    const task = await this.tasks.readTask(ref);
    const s = await this.tasks.snapshot();
    const contributions = await this.contributions.ofTask(task.id);
    const codeOf = (id: string) => s.byId.get(id)?.code;
    return {
      ...viewOf(s, task),
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
      subtasks: s.nodes.filter((n) => n.parentId === task.id).map((n) => viewOf(s, n)),
    };
  }

  task(ref: string): Promise<TaskNode> {
    return this.tasks.readTask(ref);
  }

  async history(ref: string): Promise<TaskHistoryView[]> {
    const task = await this.tasks.readTask(ref);
    return this.histories.ofTask(task.id);
  }

  async graph(): Promise<TaskGraph> {
    const s = await this.tasks.snapshot();
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
}
