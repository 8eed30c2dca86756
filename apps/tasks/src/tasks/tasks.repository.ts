import { Inject, Injectable } from '@nestjs/common';
import { TASK_STATES, type TaskState } from '@dxhub/contracts';
import {
  column,
  execute,
  isoTime,
  returningRows,
  rowShape,
  selectFirst,
  selectOne,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import { oneOf } from '../database/enum-columns';
import { PROGRESS_SOURCES } from '../progress/progress-rollup';
import { type ProgrammeSnapshot, snapshotOf } from './programme-snapshot';
import { TaskContributionsRepository } from './task-contributions.repository';
import { TaskDependenciesRepository } from './task-dependencies.repository';
import { isTask, NODE_KINDS, type NewTask, type ProgrammeNode, type TaskNode } from './task-row';
import { taskNotFound } from './tasks.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NODE_COLUMNS = `id, code, kind, parent_id AS "parentId", title_vi AS "titleVi", title_en AS "titleEn",
  weight::float8 AS weight, state, lead_agency AS "leadAgency", coordinating_agencies AS "coordinatingAgencies",
  reviewer_agency AS "reviewerAgency", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", progress_source AS "progressSource",
  own_progress::float8 AS "ownProgress", estimate_working_days AS "estimateWorkingDays", version,
  ${isoTime('updated_at')} AS "updatedAt"`;

const nodeShape = rowShape({
  id: column.text,
  code: column.text,
  kind: oneOf(NODE_KINDS),
  parentId: column.nullable(column.text),
  titleVi: column.text,
  titleEn: column.text,
  weight: column.number,
  state: column.nullable(oneOf(TASK_STATES)),
  leadAgency: column.nullable(column.text),
  coordinatingAgencies: column.textArray,
  reviewerAgency: column.nullable(column.text),
  dueDate: column.nullable(column.text),
  progressSource: oneOf(PROGRESS_SOURCES),
  ownProgress: column.number,
  estimateWorkingDays: column.nullable(column.number),
  version: column.number,
  updatedAt: column.text,
});

const linkShape = rowShape({
  taskId: column.text,
  indicatorCode: column.text,
  baseline: column.number,
  target: column.number,
  value: column.nullable(column.number),
});
const idShape = rowShape({ id: column.text });
const countShape = rowShape({ n: column.number });
const codeShape = rowShape({ code: column.text });

/**
 * programme_nodes (the tree: resolution, goals, task groups, tasks, sub-tasks) and task_indicator_links. A
 * statement called with an executor runs on it, so writes see their own transaction; the reads outside a
 * transaction run on the pool.
 */
@Injectable()
export class TasksRepository {
  constructor(
    @Inject(DataSource) private readonly pool: DataSource,
    private readonly contributions: TaskContributionsRepository,
    private readonly dependencies: TaskDependenciesRepository,
  ) {}

  /** The whole programme with every node's rolled-up progress, in the transaction `db` or on the pool. */
  async snapshot(db: SqlExecutor = this.pool): Promise<ProgrammeSnapshot> {
    const nodes = await selectRows(db, nodeShape, `SELECT ${NODE_COLUMNS} FROM programme_nodes ORDER BY code`);
    const links = await selectRows(
      db,
      linkShape,
      `SELECT task_id AS "taskId", indicator_code AS "indicatorCode", baseline::float8 AS baseline, target::float8 AS target, value::float8 AS value
       FROM task_indicator_links ORDER BY indicator_code`,
    );
    return snapshotOf(nodes, links, await this.dependencies.edges(db));
  }

  /** A task by id or code, locked for the rest of the transaction (FOR UPDATE) when `lock`. */
  async task(db: SqlExecutor, ref: string, lock = false): Promise<TaskNode> {
    const by = UUID.test(ref) ? 'id' : 'code';
    const row = await selectFirst(
      db,
      nodeShape,
      `SELECT ${NODE_COLUMNS} FROM programme_nodes WHERE ${by} = $1 AND kind IN ('task', 'subtask')${lock ? ' FOR UPDATE' : ''}`,
      [ref],
    );
    if (!row || !isTask(row)) throw taskNotFound(ref);
    return row;
  }

  /** A task by id or code, read on the pool (outside any transaction). */
  readTask(ref: string): Promise<TaskNode> {
    return this.task(this.pool, ref);
  }

  /** A node by id or code. */
  node(db: SqlExecutor, ref: string): Promise<ProgrammeNode | undefined> {
    const by = UUID.test(ref) ? 'id' : 'code';
    return selectFirst(db, nodeShape, `SELECT ${NODE_COLUMNS} FROM programme_nodes WHERE ${by} = $1`, [ref]);
  }

  /** A node known to exist (just written in this transaction). */
  existingNode(db: SqlExecutor, code: string): Promise<ProgrammeNode> {
    return selectOne(db, nodeShape, `SELECT ${NODE_COLUMNS} FROM programme_nodes WHERE code = $1`, [code]);
  }

  /** Adds the resolution, a goal or a task group: its progress comes from its children. */
  async insertNode(
    tx: SqlExecutor,
    node: { code: string; kind: 'resolution' | 'goal' | 'group'; parentId: string | null },
    titles: { titleVi: string; titleEn: string; weight: number },
  ): Promise<void> {
    await execute(
      tx,
      `INSERT INTO programme_nodes (code, kind, parent_id, title_vi, title_en, weight, progress_source) VALUES ($1, $2, $3, $4, $5, $6, 'children')`,
      [node.code, node.kind, node.parentId, titles.titleVi, titles.titleEn, titles.weight],
    );
  }

  /** Adds a task (under a group) or sub-task (under a task) with its contributions and indicator links. */
  async insertTask(tx: SqlExecutor, parent: ProgrammeNode, t: NewTask, state: TaskState): Promise<string> {
    const kind = parent.kind === 'task' ? 'subtask' : 'task';
    const source = t.indicators && t.indicators.length > 0 ? 'indicators' : 'manual';
    const [{ id }] = await returningRows(
      tx,
      idShape,
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
    );
    await this.contributions.sync(tx, id, t.coordinatingAgencies);
    for (const l of t.indicators ?? []) {
      await execute(
        tx,
        `INSERT INTO task_indicator_links (task_id, indicator_code, baseline, target) VALUES ($1, $2, $3, $4)`,
        [id, l.indicatorCode, l.baseline, l.target],
      );
    }
    return id;
  }

  /** A task that gets its first sub-task takes its progress from its sub-tasks from then on. */
  async takeProgressFromChildren(tx: SqlExecutor, taskId: string): Promise<void> {
    await execute(
      tx,
      `UPDATE programme_nodes SET progress_source = 'children', updated_at = now() WHERE id = $1 AND progress_source = 'manual'`,
      [taskId],
    );
  }

  /** A seeded task with sub-tasks takes its progress from them (set once, when the seed adds it). */
  async seedProgressFromChildren(tx: SqlExecutor, code: string): Promise<void> {
    await execute(tx, `UPDATE programme_nodes SET progress_source = 'children' WHERE code = $1`, [code]);
  }

  async updateNode(tx: SqlExecutor, id: string, titles: { titleVi: string; titleEn: string; weight: number }) {
    await execute(
      tx,
      `UPDATE programme_nodes SET title_vi = $2, title_en = $3, weight = $4, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, titles.titleVi, titles.titleEn, titles.weight],
    );
  }

  async updateTask(
    tx: SqlExecutor,
    id: string,
    t: Pick<NewTask, 'titleVi' | 'titleEn' | 'weight' | 'leadAgency' | 'coordinatingAgencies' | 'reviewerAgency'> & {
      estimateWorkingDays: number | null;
    },
  ): Promise<void> {
    await execute(
      tx,
      `UPDATE programme_nodes SET title_vi = $2, title_en = $3, weight = $4, estimate_working_days = $5, lead_agency = $6,
           coordinating_agencies = $7, reviewer_agency = $8, version = version + 1, updated_at = now() WHERE id = $1`,
      [
        id,
        t.titleVi,
        t.titleEn,
        t.weight,
        t.estimateWorkingDays,
        t.leadAgency,
        t.coordinatingAgencies,
        t.reviewerAgency,
      ],
    );
  }

  async childCount(db: SqlExecutor, id: string): Promise<number> {
    const { n } = await selectOne(
      db,
      countShape,
      `SELECT count(*)::int AS n FROM programme_nodes WHERE parent_id = $1`,
      [id],
    );
    return n;
  }

  async delete(tx: SqlExecutor, id: string): Promise<void> {
    await execute(tx, `DELETE FROM programme_nodes WHERE id = $1`, [id]);
  }

  async setState(tx: SqlExecutor, id: string, state: TaskState, at: Date): Promise<void> {
    await execute(tx, `UPDATE programme_nodes SET state = $2, version = version + 1, updated_at = $3 WHERE id = $1`, [
      id,
      state,
      at.toISOString(),
    ]);
  }

  async setDueDate(tx: SqlExecutor, id: string, dueDate: string, at: Date): Promise<void> {
    await execute(
      tx,
      `UPDATE programme_nodes SET due_date = $2, version = version + 1, updated_at = $3 WHERE id = $1`,
      [id, dueDate, at.toISOString()],
    );
  }

  /** Every agency that leads a task (on the pool). */
  async leadAgencies(): Promise<string[]> {
    const rows = await selectRows(
      this.pool,
      codeShape,
      `SELECT DISTINCT lead_agency AS code FROM programme_nodes WHERE lead_agency IS NOT NULL`,
    );
    return rows.map((r) => r.code);
  }
}
