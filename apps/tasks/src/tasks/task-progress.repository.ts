import { Injectable } from '@nestjs/common';
import { column, execute, returningRows, rowShape, type SqlExecutor } from '@dxhub/persistence';

const taskIdShape = rowShape({ task_id: column.text });

/** A progress report as stored in task_progress_reports. */
export interface StoredProgressReport {
  taskId: string;
  agency: string;
  percent: number;
  note: string | null;
  evidenceLinks: string[];
  eventSource: string;
  eventId: string;
  reportedAt: Date;
}

/** task_progress_reports, the manual progress they move, and the indicator readings of task_indicator_links. */
@Injectable()
export class TaskProgressRepository {
  async insertReport(tx: SqlExecutor, r: StoredProgressReport): Promise<void> {
    await execute(
      tx,
      `INSERT INTO task_progress_reports (task_id, agency, percent, note, evidence_links, event_source, event_id, reported_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.taskId, r.agency, r.percent, r.note, r.evidenceLinks, r.eventSource, r.eventId, r.reportedAt.toISOString()],
    );
  }

  /** The task's own progress, unless a report with a later time exists: a late older report does not move it back. */
  async setOwnProgress(tx: SqlExecutor, taskId: string, percent: number, reportedAt: Date): Promise<void> {
    await execute(
      tx,
      `UPDATE programme_nodes SET own_progress = $2, version = version + 1, updated_at = now()
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM task_progress_reports p WHERE p.task_id = $1 AND p.reported_at > $3)`,
      [taskId, percent, reportedAt.toISOString()],
    );
  }

  /**
   * Stores an indicator's reading on every task linked to it, when it is newer: years sort as text; the latest
   * year's highest aggregate version is the reading (re-deliveries change nothing). Answers the links it moved.
   */
  async applyIndicatorReading(
    tx: SqlExecutor,
    r: { indicatorCode: string; period: string; value: number; version: number; at: Date },
  ): Promise<number> {
    const rows = await returningRows(
      tx,
      taskIdShape,
      `UPDATE task_indicator_links SET value = $2, value_period = $3, value_at = $4, value_version = $5
           WHERE indicator_code = $1
             AND (value_period IS NULL OR value_period < $3 OR (value_period = $3 AND value_version < $5)) RETURNING task_id`,
      [r.indicatorCode, r.value, r.period, r.at.toISOString(), r.version],
    );
    return rows.length;
  }
}
