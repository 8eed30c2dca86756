import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA as S } from '../reporting-schema';

/** Tasks as dx.tasks.events tell them (agency performance: on time, overdue, returned). */
export class TasksReadModel1764500000000 implements MigrationInterface {
  name = 'TasksReadModel1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".tasks (
        task_id      uuid        PRIMARY KEY,
        code         text        NOT NULL,
        title_vi     text        NOT NULL,
        title_en     text        NOT NULL,
        state        text        NOT NULL,
        lead_agency  text        NOT NULL,
        due_date     date        NOT NULL,
        progress     numeric     NOT NULL,
        approved_at  timestamptz NULL,
        occurred_at  timestamptz NOT NULL,
        event_id     text        NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "${S}".task_returns (
        task_id     uuid        NOT NULL,
        event_id    text        NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (task_id, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".task_returns`);
    await q.query(`DROP TABLE "${S}".tasks`);
  }
}
