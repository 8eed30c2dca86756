import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { type RowShape, UnexpectedRowError } from './row-shape';

/*
 * The one way code outside migrations runs SQL. Repositories call these; they take whatever the caller holds — the
 * DataSource, a transaction's EntityManager or a QueryRunner — so a statement joins the caller's transaction when
 * there is one. Every row is checked against the statement's shape before anyone reads it.
 *
 * All statements go through TypeORM's QueryRunner with a structured result ({ records, affected }), which answers
 * SELECT, INSERT, UPDATE and DELETE alike: so `… RETURNING` needs no special case, whatever the command.
 */

/** Whatever can run a statement: the pool, or the connection of an open transaction. */
export type SqlExecutor = DataSource | EntityManager | QueryRunner;

/** Parameters of a statement: $1, $2… in order. */
export type SqlParameters = readonly unknown[];

interface StatementResult {
  records: unknown[];
  affected: number;
}

function isQueryRunner(executor: SqlExecutor): executor is QueryRunner {
  return 'isReleased' in executor;
}

/** The connection a statement runs on, and whether it was borrowed from the pool for this one statement. */
function runnerFor(executor: SqlExecutor): { runner: QueryRunner; borrowed: boolean } {
  if (isQueryRunner(executor)) return { runner: executor, borrowed: false };
  if ('createQueryRunner' in executor) return { runner: executor.createQueryRunner(), borrowed: true };
  // An EntityManager: inside a transaction it holds that transaction's connection.
  if (executor.queryRunner) return { runner: executor.queryRunner, borrowed: false };
  return { runner: executor.connection.createQueryRunner(), borrowed: true };
}

async function run(executor: SqlExecutor, text: string, parameters: SqlParameters): Promise<StatementResult> {
  const { runner, borrowed } = runnerFor(executor);
  try {
    const result = await runner.query(text, [...parameters], true);
    const records: unknown = result.records;
    return { records: Array.isArray(records) ? records : [], affected: result.affected ?? 0 };
  } finally {
    if (borrowed) await runner.release();
  }
}

/** A statement's name in errors: its first line, trimmed. */
function statementName(text: string): string {
  const firstLine = text.trim().split('\n', 1)[0] ?? '';
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}...` : firstLine;
}

/** Every row of a statement (SELECT, or any command with RETURNING), each checked against `shape`. */
export async function selectRows<R>(
  executor: SqlExecutor,
  shape: RowShape<R>,
  text: string,
  parameters: SqlParameters = [],
): Promise<R[]> {
  const { records } = await run(executor, text, parameters);
  const name = statementName(text);
  return records.map((row) => shape.check(row, name));
}

/** The first row of a statement, or undefined when it returned none. */
export async function selectFirst<R>(
  executor: SqlExecutor,
  shape: RowShape<R>,
  text: string,
  parameters: SqlParameters = [],
): Promise<R | undefined> {
  const [first] = await selectRows(executor, shape, text, parameters);
  return first;
}

/** The one row a statement must return (an aggregate, a row known to exist); throws when it returned none. */
export async function selectOne<R>(
  executor: SqlExecutor,
  shape: RowShape<R>,
  text: string,
  parameters: SqlParameters = [],
): Promise<R> {
  const row = await selectFirst(executor, shape, text, parameters);
  if (row === undefined) throw new UnexpectedRowError(`${statementName(text)}: returned no row`);
  return row;
}

/**
 * The rows an INSERT, UPDATE or DELETE … RETURNING wrote, checked against `shape`: the one helper for RETURNING.
 * (TypeORM's plain `query` answers UPDATE and DELETE with `[rows, count]` but INSERT with rows; this does not.)
 */
export const returningRows = selectRows;

/** Runs a statement that returns nothing the caller reads; answers the number of rows it affected. */
export async function execute(executor: SqlExecutor, text: string, parameters: SqlParameters = []): Promise<number> {
  const { affected } = await run(executor, text, parameters);
  return affected;
}
