import type { TaskState } from '@dxhub/contracts';
import type { ProgressSource } from '../progress/progress-rollup';

/** Kinds of node in the programme tree. */
export const NODE_KINDS = ['resolution', 'goal', 'group', 'task', 'subtask'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

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

export function isTask(node: ProgrammeNode): node is TaskNode {
  return node.kind === 'task' || node.kind === 'subtask';
}

/** A task or sub-task to add under `parentCode` (REST, or the programme seed). */
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

/** What may change on a task after creation (the agencies only while it is a DRAFT). */
export type TaskPatch = Partial<
  Pick<
    NewTask,
    'titleVi' | 'titleEn' | 'weight' | 'estimateWorkingDays' | 'leadAgency' | 'coordinatingAgencies' | 'reviewerAgency'
  >
>;
