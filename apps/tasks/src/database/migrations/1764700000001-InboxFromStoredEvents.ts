import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TASKS_SCHEMA as S } from '../tasks-schema';

/**
 * The inbox (processed_events) is where every channel claims an event since the messaging pipeline; the
 * events applied before it are in task_progress_reports, claimed here so a redelivery of one of them stays a duplicate.
 */
export class InboxFromStoredEvents1764700000001 implements MigrationInterface {
  name = 'InboxFromStoredEvents1764700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO "${S}".processed_events (event_source, event_id, topic)
      SELECT DISTINCT event_source, event_id, 'before-inbox' FROM "${S}".task_progress_reports
      ON CONFLICT (event_source, event_id) DO NOTHING`);
  }

  async down(): Promise<void> {
    // The claims stay: they record events that were applied.
  }
}
