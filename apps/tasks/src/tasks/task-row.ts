import type { TaskState } from '@dxhub/contracts';
import type { ProgressSource } from '../progress/progress-rollup';

/** Kinds of node in the programme tree. */
export type NodeKind = 'resolution' | 'goal' | 'group' | 'task' | 'subtask';

/** One programme node as the service holds it (from programme_nodes). */
export interface ProgrammeNode {
  id: string;
  code: string;
  kind: NodeKind;
  parentId: string | null;
  titleVi: string;
  titleEn: string;
  weight: number;
  state: TaskState | null;
  leadAgency: string | null;
  coordinatingAgencies: string[];
  reviewerAgency: string | null;
  dueDate: string | null;
  progressSource: ProgressSource;
  ownProgress: number;
  estimateWorkingDays: number | null;
  version: number;
  updatedAt: string;
}

/** A node that is a task or sub-task: it has a state, agencies and a deadline. */
export type TaskNode = ProgrammeNode & {
  state: TaskState;
  leadAgency: string;
  reviewerAgency: string;
  dueDate: string;
};

export const NODE_COLUMNS = `id, code, kind, parent_id AS "parentId", title_vi AS "titleVi", title_en AS "titleEn",
  weight::float8 AS weight, state, lead_agency AS "leadAgency", coordinating_agencies AS "coordinatingAgencies",
  reviewer_agency AS "reviewerAgency", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", progress_source AS "progressSource",
  own_progress::float8 AS "ownProgress", estimate_working_days AS "estimateWorkingDays", version,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

export function isTask(node: ProgrammeNode): node is TaskNode {
  return node.kind === 'task' || node.kind === 'subtask';
}
