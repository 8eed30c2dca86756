import { ApiError, authHeaders, type ErrorBody, get, post, url } from '../../api/client';

/*
 * The tasks service as this area uses it (GET /v1/tasks, /v1/tasks/:ref, its history, the dependency graph, the
 * working-day calendar; POST transitions, progress and contributions). Shapes follow apps/tasks/src/tasks/task-views.ts.
 */

export const TASK_STATES = ['DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'APPROVED', 'CANCELLED'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASK_ACTIONS = ['assign', 'start', 'submit', 'approve', 'return', 'cancel'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** States in which a task is still to be done: its deadline counts (the service's OPEN_STATES). */
export const OPEN_STATES: readonly TaskState[] = ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'];

export interface TaskView {
  id: string;
  code: string;
  kind: 'resolution' | 'goal' | 'group' | 'task' | 'subtask';
  parentCode: string | null;
  titleVi: string;
  titleEn: string;
  weight: number;
  state: TaskState | null;
  leadAgency: string | null;
  coordinatingAgencies: string[];
  reviewerAgency: string | null;
  dueDate: string | null;
  /** `manual` (the lead reports it), `children` (sub-tasks) or `indicators`. */
  progressSource: string;
  progressPercent: number;
  estimateWorkingDays: number | null;
  /** The steps the workflow table allows from the state (whoever asks: the caller's role and agency are not weighed). */
  allowedActions?: TaskAction[];
  version: number;
}

export interface Contribution {
  agency: string;
  completedAt: string | null;
  completedBy: string | null;
  note: string | null;
}

export interface IndicatorLink {
  indicatorCode: string;
  baseline: number;
  target: number;
  value: number | null;
}

export interface TaskDetail extends TaskView {
  contributions: Contribution[];
  blockedBy: (string | undefined)[];
  blocks: (string | undefined)[];
  indicators: IndicatorLink[];
  subtasks: TaskView[];
}

export interface HistoryEntry {
  id: string;
  at: string;
  actor: string | null;
  agency: string | null;
  action: string;
  fromState: TaskState | null;
  toState: TaskState | null;
  reason: string | null;
  details: Record<string, unknown> | null;
}

export interface GraphNode {
  code: string;
  state: TaskState | null;
  leadAgency: string | null;
  dueDate: string | null;
  remainingWorkingDays: number;
  earliestFinish: string;
  blockedBy: string[];
  blocks: string[];
}

export interface TaskGraph {
  /** The service's today (Vietnam), YYYY-MM-DD. */
  asOf: string;
  nodes: GraphNode[];
}

/**
 * A task's page. By its id: a code has dots (G1.N4.T1), and the web server answers a path whose last part looks
 * like a file name (`.T1`) with a 404 instead of the app, so a reload or a shared link of a code would fail.
 */
export const taskPath = (task: { id?: string | null; code: string }) =>
  `/workspace/tasks/${encodeURIComponent(task.id || task.code)}`;

export const listTasks = (agency: string) =>
  get<{ data: TaskView[] }>('tasks', '/v1/tasks', { agency }).then((r) => r.data);

export const getTask = (ref: string) => get<TaskDetail>('tasks', `/v1/tasks/${encodeURIComponent(ref)}`);

export const getHistory = (ref: string) =>
  get<{ data: HistoryEntry[] }>('tasks', `/v1/tasks/${encodeURIComponent(ref)}/history`).then((r) => r.data);

export const getGraph = () => get<TaskGraph>('tasks', '/v1/tasks/graph');

/** One programme node (used for the title and state of a task this one depends on). */
export const getNode = (code: string) => get<TaskView>('tasks', `/v1/programme/${encodeURIComponent(code)}`);

export const takeStep = (ref: string, action: TaskAction, reason?: string) =>
  post<TaskDetail>('tasks', `/v1/tasks/${encodeURIComponent(ref)}/transitions`, { action, reason });

export const completeContribution = (ref: string, agency: string, note?: string) =>
  post<TaskDetail>(
    'tasks',
    `/v1/tasks/${encodeURIComponent(ref)}/contributions/${encodeURIComponent(agency)}/complete`,
    { note: note || undefined },
  );

export interface ProgressReport {
  percent: number;
  note?: string;
  evidenceLinks?: string[];
}

/**
 * The lead agency's progress report, with an `Idempotency-Key` (the shared client sends no custom headers): a
 * retry after a dropped answer is counted once. Refusals become the same ApiError the client makes.
 */
export async function reportProgress(
  ref: string,
  report: ProgressReport,
  idempotencyKey: string,
): Promise<{ status: string; task: TaskDetail }> {
  const res = await fetch(url('tasks', `/v1/tasks/${encodeURIComponent(ref)}/progress`), {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'Idempotency-Key': idempotencyKey,
      ...authHeaders(),
    },
    body: JSON.stringify(report),
  });
  if (res.ok) return (await res.json()) as { status: string; task: TaskDetail };
  let body: ErrorBody;
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    body = { statusCode: res.status, message: res.statusText || `HTTP ${res.status}` };
  }
  throw new ApiError(res.status, body);
}

/** Working days after `from` up to and including `to` (the service's Vietnamese calendar). */
export const workingDaysBetween = (from: string, to: string) =>
  get<{ workingDays: number }>('tasks', '/v1/calendar/working-days', { from, to }).then((r) => r.workingDays);

/**
 * Working days left (positive, 0 = due today) or overdue (negative) for each due date, counted from `today`:
 * one calendar call per distinct date, all at once.
 */
export async function workingDaysLeft(today: string, dueDates: (string | null)[]): Promise<Map<string, number>> {
  const dates = [...new Set(dueDates.filter((d): d is string => !!d))];
  const answers = await Promise.all(
    dates.map(async (due): Promise<[string, number]> => {
      if (due === today) return [due, 0];
      if (due > today) return [due, await workingDaysBetween(today, due)];
      return [due, -(await workingDaysBetween(due, today))];
    }),
  );
  return new Map(answers);
}

export const isOverdue = (task: Pick<TaskView, 'state' | 'dueDate'>, today: string) =>
  !!task.state && OPEN_STATES.includes(task.state) && !!task.dueDate && task.dueDate < today;
