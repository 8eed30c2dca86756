import type { TaskState } from '@dxhub/contracts';
import { checkTransition, TASK_ACTIONS, type TaskAction } from '../workflow/task-workflow';
import type { ProgrammeSnapshot } from './programme-snapshot';
import type { Contribution } from './task-contributions.repository';
import type { TaskHistoryRow } from './task-history.repository';
import type { IndicatorLink } from '../progress/progress-rollup';
import type { NodeKind, ProgrammeNode } from './task-row';

/** A node of the programme as the API shows it, with its rolled-up progress. */
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

/** GET /v1/programme: a node with its children. */
export type ProgrammeTreeNode = TaskView & { children: ProgrammeTreeNode[] };

/** GET /v1/tasks/:ref: the task with contributions, dependencies (codes), indicators and sub-tasks. */
export type TaskDetail = TaskView & {
  contributions: Contribution[];
  blockedBy: (string | undefined)[];
  blocks: (string | undefined)[];
  indicators: IndicatorLink[];
  subtasks: TaskView[];
};

/** GET /v1/tasks/:ref/history. */
export type TaskHistoryView = TaskHistoryRow;

export function viewOf(s: ProgrammeSnapshot, n: ProgrammeNode): TaskView {
  const state = n.state;
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
    ...(state ? { allowedActions: TASK_ACTIONS.filter((a) => checkTransition(state, a).ok) } : {}),
    version: n.version,
  };
}
