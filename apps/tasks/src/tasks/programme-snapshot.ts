import type { Dependency } from '../graph/dependency-graph';
import { type IndicatorLink, type ProgressNode, rollUpProgress, round2 } from '../progress/progress-rollup';
import { isTask, type ProgrammeNode, type TaskNode } from './task-row';

/** The whole programme as one snapshot: nodes, indicator links, dependencies and every node's progress. */
export interface ProgrammeSnapshot {
  nodes: ProgrammeNode[];
  byId: Map<string, ProgrammeNode>;
  links: Map<string, IndicatorLink[]>;
  dependencies: Dependency[];
  /** Progress 0–100 of every node, rounded to 2 decimals. */
  progress: Map<string, number>;
}

/**
 * The snapshot of the programme's rows: the programme is small (hundreds of nodes), so roll-ups are computed over
 * the whole tree in memory.
 */
export function snapshotOf(
  nodes: ProgrammeNode[],
  linkRows: (IndicatorLink & { taskId: string })[],
  dependencies: Dependency[],
): ProgrammeSnapshot {
  const links = new Map<string, IndicatorLink[]>();
  for (const { taskId, ...l } of linkRows) links.set(taskId, [...(links.get(taskId) ?? []), l]);
  const progressNodes: ProgressNode[] = nodes.map((n) => ({
    id: n.id,
    parentId: n.parentId,
    weight: n.weight,
    state: n.state,
    source: n.progressSource,
    ownPercent: n.ownProgress,
    indicators: links.get(n.id) ?? [],
  }));
  const raw = rollUpProgress(progressNodes);
  const progress = new Map([...raw].map(([id, p]) => [id, round2(p)]));
  return { nodes, byId: new Map(nodes.map((n) => [n.id, n])), links, dependencies, progress };
}

/** The task `id` as the snapshot holds it (a task the caller has just read or changed in the same transaction). */
export function taskIn(s: ProgrammeSnapshot, id: string): TaskNode {
  const node = s.byId.get(id);
  if (!node || !isTask(node)) throw new Error(`task ${id} is not in the programme snapshot`);
  return node;
}
