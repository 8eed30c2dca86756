import type { EntityManager } from 'typeorm';
import type { Dependency } from '../graph/dependency-graph';
import { type IndicatorLink, type ProgressNode, rollUpProgress, round2 } from '../progress/progress-rollup';
import { isTask, NODE_COLUMNS, type ProgrammeNode, type TaskNode } from './task-row';
import { taskNotFound } from './tasks.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
 * Reads of the programme tables, always through the caller's EntityManager so writes see their own transaction.
 * The programme is small (hundreds of nodes), so roll-ups are computed over the whole tree in memory.
 */
export const TaskStore = {
  async snapshot(m: EntityManager): Promise<ProgrammeSnapshot> {
    const nodes = (await m.query(`SELECT ${NODE_COLUMNS} FROM programme_nodes ORDER BY code`)) as ProgrammeNode[];
    const linkRows = (await m.query(
      `SELECT task_id AS "taskId", indicator_code AS "indicatorCode", baseline::float8 AS baseline, target::float8 AS target, value::float8 AS value
       FROM task_indicator_links ORDER BY indicator_code`,
    )) as (IndicatorLink & { taskId: string })[];
    const dependencies = (await m.query(
      `SELECT blocker_id AS "blockerId", blocked_id AS "blockedId" FROM task_dependencies`,
    )) as Dependency[];
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
  },

  /** A task by id or code, locked for the rest of the transaction (FOR UPDATE) when `lock`. */
  async task(m: EntityManager, ref: string, lock = false): Promise<TaskNode> {
    const column = UUID.test(ref) ? 'id' : 'code';
    const [row] = (await m.query(
      `SELECT ${NODE_COLUMNS} FROM programme_nodes WHERE ${column} = $1 AND kind IN ('task', 'subtask')${lock ? ' FOR UPDATE' : ''}`,
      [ref],
    )) as ProgrammeNode[];
    if (!row || !isTask(row)) throw taskNotFound(ref);
    return row;
  },

  async node(m: EntityManager, ref: string): Promise<ProgrammeNode | undefined> {
    const column = UUID.test(ref) ? 'id' : 'code';
    const [row] = (await m.query(`SELECT ${NODE_COLUMNS} FROM programme_nodes WHERE ${column} = $1`, [
      ref,
    ])) as ProgrammeNode[];
    return row;
  },

  async openContributions(m: EntityManager, taskId: string): Promise<string[]> {
    const rows = (await m.query(
      `SELECT agency FROM task_contributions WHERE task_id = $1 AND completed_at IS NULL ORDER BY agency`,
      [taskId],
    )) as {
      agency: string;
    }[];
    return rows.map((r) => r.agency);
  },

  /** Codes of the tasks that block this one and are not yet approved or cancelled. */
  async openBlockers(m: EntityManager, taskId: string): Promise<string[]> {
    const rows = (await m.query(
      `SELECT n.code FROM task_dependencies d JOIN programme_nodes n ON n.id = d.blocker_id
       WHERE d.blocked_id = $1 AND n.state NOT IN ('APPROVED', 'CANCELLED') ORDER BY n.code`,
      [taskId],
    )) as { code: string }[];
    return rows.map((r) => r.code);
  },

  async history(m: EntityManager, taskId: string, action: string, entry: HistoryEntry): Promise<void> {
    await m.query(
      `INSERT INTO task_history (task_id, at, actor, agency, action, from_state, to_state, reason, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        taskId,
        entry.at.toISOString(),
        entry.actor,
        entry.agency,
        action,
        entry.fromState ?? null,
        entry.toState ?? null,
        entry.reason ?? null,
        entry.details ? JSON.stringify(entry.details) : null,
      ],
    );
  },
};

/**
 * Rows of an UPDATE/DELETE … RETURNING: TypeORM's postgres driver answers those with `[rows, affectedCount]`
 * (and a SELECT or INSERT with the rows alone).
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return result as T[];
}

export interface HistoryEntry {
  at: Date;
  actor: string;
  agency: string | null;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}
