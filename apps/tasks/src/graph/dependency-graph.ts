import type { IsoDate, WorkingDayCalendar } from '@dxhub/calendar';
import type { TaskState } from '@dxhub/contracts';

/** Working days a task is assumed to take when nobody estimated it. */
export const DEFAULT_ESTIMATE_WORKING_DAYS = 10;

export interface GraphTask {
  id: string;
  code: string;
  /** Code of the goal the task belongs to (its ancestor). */
  goalCode: string | null;
  state: TaskState;
  leadAgency: string;
  dueDate: IsoDate;
  progressPercent: number;
  estimateWorkingDays: number | null;
}

/** `blockerId` must be approved (or cancelled) before `blockedId` can start. */
export interface Dependency {
  blockerId: string;
  blockedId: string;
}

export interface CriticalPath {
  goal: string;
  /** Task codes from the first blocker to the task that finishes last. */
  path: string[];
  /** Working days from today until the last task on the path can finish. */
  remainingWorkingDays: number;
  projectedFinish: IsoDate;
  /** The deadline of the last task on the path. */
  dueDate: IsoDate;
  /** Working days between the projected finish and that deadline; negative means it will be late. */
  slackWorkingDays: number;
}

export interface BlockingEntry {
  agency: string;
  blocks: { task: string; blockedTask: string; blockedAgency: string }[];
}

export interface TaskGraph {
  asOf: IsoDate;
  nodes: {
    code: string;
    state: TaskState;
    leadAgency: string;
    dueDate: IsoDate;
    remainingWorkingDays: number;
    earliestFinish: IsoDate;
    blockedBy: string[];
    blocks: string[];
  }[];
  edges: { from: string; to: string }[];
  criticalPaths: CriticalPath[];
  blocking: BlockingEntry[];
}

const isDone = (s: TaskState) => s === 'APPROVED' || s === 'CANCELLED';

/** True when adding `blocker → blocked` would close a loop (blocked already leads to blocker). */
export function wouldCreateCycle(edges: readonly Dependency[], blockerId: string, blockedId: string): boolean {
  if (blockerId === blockedId) return true;
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.blockerId, [...(next.get(e.blockerId) ?? []), e.blockedId]);
  const seen = new Set<string>();
  const stack = [blockedId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === blockerId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/**
 * The dependency graph with, per goal, its critical path: the chain of blockers ending at the goal's task that can
 * finish last, where a task can finish its remaining work (estimate × (1 − progress)) only after all its
 * blockers have finished (the classic earliest-finish pass, in working days from today). Also who is blocking
 * whom, per agency: the open tasks an agency leads that hold up another open task.
 */
export function buildTaskGraph(
  tasks: readonly GraphTask[],
  deps: readonly Dependency[],
  today: IsoDate,
  calendar: WorkingDayCalendar,
): TaskGraph {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const edges = deps.filter((d) => byId.has(d.blockerId) && byId.has(d.blockedId));
  const blockersOf = new Map<string, string[]>();
  const blocksOf = new Map<string, string[]>();
  for (const e of edges) {
    blockersOf.set(e.blockedId, [...(blockersOf.get(e.blockedId) ?? []), e.blockerId]);
    blocksOf.set(e.blockerId, [...(blocksOf.get(e.blockerId) ?? []), e.blockedId]);
  }

  const remaining = (t: GraphTask) =>
    isDone(t.state)
      ? 0
      : Math.max(
          1,
          Math.ceil((t.estimateWorkingDays ?? DEFAULT_ESTIMATE_WORKING_DAYS) * (1 - t.progressPercent / 100)),
        );
  const finish = new Map<string, number>();
  const via = new Map<string, string | null>();
  const earliestFinish = (t: GraphTask, path: Set<string> = new Set()): number => {
    const known = finish.get(t.id);
    if (known !== undefined) return known;
    if (path.has(t.id)) throw new Error(`dependency cycle through ${t.code}`);
    path.add(t.id);
    let start = 0;
    let from: string | null = null;
    for (const b of [...(blockersOf.get(t.id) ?? [])].sort((x, y) =>
      (byId.get(x)?.code ?? '').localeCompare(byId.get(y)?.code ?? ''),
    )) {
      const f = earliestFinish(byId.get(b) as GraphTask, path);
      if (f > start || (from === null && f > 0)) {
        start = f;
        from = b;
      }
    }
    path.delete(t.id);
    const ef = start + remaining(t);
    finish.set(t.id, ef);
    via.set(t.id, from);
    return ef;
  };
  for (const t of tasks) earliestFinish(t);

  const codeOf = (id: string) => (byId.get(id) as GraphTask).code;
  const goals = [...new Set(tasks.map((t) => t.goalCode).filter((g): g is string => g !== null))].sort();
  const criticalPaths: CriticalPath[] = [];
  for (const goal of goals) {
    const open = tasks.filter((t) => t.goalCode === goal && !isDone(t.state));
    if (open.length === 0) continue;
    const last = open.reduce((a, b) => {
      const fa = finish.get(a.id) as number;
      const fb = finish.get(b.id) as number;
      return fb > fa || (fb === fa && b.code < a.code) ? b : a;
    });
    const path: string[] = [];
    for (let id: string | null = last.id; id; id = via.get(id) ?? null) path.unshift(codeOf(id));
    const days = finish.get(last.id) as number;
    const projectedFinish = calendar.addWorkingDays(today, days);
    criticalPaths.push({
      goal,
      path,
      remainingWorkingDays: days,
      projectedFinish,
      dueDate: last.dueDate,
      slackWorkingDays: calendar.workingDaysBetween(projectedFinish, last.dueDate),
    });
  }

  const blockingByAgency = new Map<string, BlockingEntry['blocks']>();
  for (const e of edges) {
    const blocker = byId.get(e.blockerId) as GraphTask;
    const blocked = byId.get(e.blockedId) as GraphTask;
    if (isDone(blocker.state) || isDone(blocked.state)) continue;
    blockingByAgency.set(blocker.leadAgency, [
      ...(blockingByAgency.get(blocker.leadAgency) ?? []),
      { task: blocker.code, blockedTask: blocked.code, blockedAgency: blocked.leadAgency },
    ]);
  }

  return {
    asOf: today,
    nodes: [...tasks]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((t) => ({
        code: t.code,
        state: t.state,
        leadAgency: t.leadAgency,
        dueDate: t.dueDate,
        remainingWorkingDays: remaining(t),
        earliestFinish: calendar.addWorkingDays(today, finish.get(t.id) as number),
        blockedBy: (blockersOf.get(t.id) ?? []).map(codeOf).sort(),
        blocks: (blocksOf.get(t.id) ?? []).map(codeOf).sort(),
      })),
    edges: edges.map((e) => ({ from: codeOf(e.blockerId), to: codeOf(e.blockedId) })),
    criticalPaths,
    blocking: [...blockingByAgency]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([agency, blocks]) => ({
        agency,
        blocks: blocks.sort((x, y) => x.task.localeCompare(y.task) || x.blockedTask.localeCompare(y.blockedTask)),
      })),
  };
}
