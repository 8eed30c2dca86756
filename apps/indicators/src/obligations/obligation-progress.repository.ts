import { column, execute, isoTime, returningRows, rowShape, type SqlExecutor } from '@dxhub/persistence';

/** The report counts of one obligation period, as counted now. */
export interface ProgressCounts {
  obligationCode: string;
  period: string;
  agency: string;
  dueDate: string;
  expectedReports: number;
  receivedReports: number;
  onTimeReports: number;
}

/** An obligation period whose counts changed: its new version and the time it was counted (ISO 8601). */
export interface ChangedProgress {
  obligationCode: string;
  period: string;
  version: number;
  updatedAt: string;
}

const queuedRow = rowShape({ indicatorCode: column.text, period: column.text });
const changedRow = rowShape({
  obligationCode: column.text,
  period: column.text,
  version: column.number,
  updatedAt: column.text,
});

/*
 * The obligation periods' counts as last published (obligation_progress) and the queue of (indicator, period)
 * pairs to recount (obligation_progress_queue). The aggregate writers queue pairs with their own statement
 * (aggregates/aggregate-events.repository.ts, queueObligationProgressOf); the obligations feature queues here.
 */

/** Queues every (indicator, period) pair of the lists, in the caller's transaction. */
export async function queueProgress(m: SqlExecutor, pairs: { indicatorCode: string; period: string }[]): Promise<void> {
  if (pairs.length === 0) return;
  await execute(
    m,
    `INSERT INTO obligation_progress_queue (indicator_code, period)
     SELECT DISTINCT * FROM unnest($1::text[], $2::text[])`,
    [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.period)],
  );
}

/** Queues every period with reports of the indicators (an obligation defined over them), in the caller's transaction. */
export async function queueReportedPeriods(m: SqlExecutor, indicatorCodes: string[]): Promise<void> {
  if (indicatorCodes.length === 0) return;
  await execute(
    m,
    `INSERT INTO obligation_progress_queue (indicator_code, period)
     SELECT DISTINCT indicator_code, period FROM indicator_reports WHERE indicator_code = ANY($1::text[])`,
    [[...new Set(indicatorCodes)]],
  );
}

/**
 * Takes up to `limit` queued rows off the queue, oldest first, in the caller's transaction (a crash puts them
 * back); returns their distinct pairs. Rows of transactions not committed yet are not seen, so they stay queued.
 */
export async function takeQueuedProgress(
  m: SqlExecutor,
  limit: number,
): Promise<{ taken: number; pairs: { indicatorCode: string; period: string }[] }> {
  const rows = await returningRows(
    m,
    queuedRow,
    `DELETE FROM obligation_progress_queue
     WHERE id IN (SELECT id FROM obligation_progress_queue ORDER BY id LIMIT $1)
     RETURNING indicator_code AS "indicatorCode", period`,
    [limit],
  );
  const pairs = new Map(rows.map((r) => [`${r.indicatorCode}|${r.period}`, r]));
  return { taken: rows.length, pairs: [...pairs.values()] };
}

/**
 * Stores the counts that differ from the stored ones (or are new) with their version one higher (1 for a new
 * one) and `now` as their time; returns those, in the caller's transaction. Counts equal to the stored ones
 * change nothing.
 */
export function storeChangedProgress(m: SqlExecutor, counts: ProgressCounts[], now: Date): Promise<ChangedProgress[]> {
  if (counts.length === 0) return Promise.resolve([]);
  const col = <K extends keyof ProgressCounts>(k: K) => counts.map((c) => c[k]);
  return returningRows(
    m,
    changedRow,
    `INSERT INTO obligation_progress AS p (obligation_code, period, agency, due_date, expected_reports,
                                           received_reports, on_time_reports, version, updated_at)
     SELECT c.*, 1, $8::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::int[], $6::int[], $7::int[]) AS c
     ORDER BY 1, 2
     ON CONFLICT (obligation_code, period) DO UPDATE
       SET agency = EXCLUDED.agency, due_date = EXCLUDED.due_date, expected_reports = EXCLUDED.expected_reports,
           received_reports = EXCLUDED.received_reports, on_time_reports = EXCLUDED.on_time_reports,
           version = p.version + 1, updated_at = EXCLUDED.updated_at
       WHERE (p.agency, p.due_date, p.expected_reports, p.received_reports, p.on_time_reports)
             IS DISTINCT FROM (EXCLUDED.agency, EXCLUDED.due_date, EXCLUDED.expected_reports,
                               EXCLUDED.received_reports, EXCLUDED.on_time_reports)
     RETURNING p.obligation_code AS "obligationCode", p.period, p.version,
               ${isoTime('p.updated_at')} AS "updatedAt"`,
    [
      col('obligationCode'),
      col('period'),
      col('agency'),
      col('dueDate'),
      col('expectedReports'),
      col('receivedReports'),
      col('onTimeReports'),
      now.toISOString(),
    ],
  );
}
