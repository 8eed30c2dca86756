import { createAuditLogTable, dropAuditLogTable } from '@dxhub/audit';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TASKS_SCHEMA as S } from '../tasks-schema';

/**
 * The programme tree (resolution → goals → task groups → tasks → sub-tasks) with the workflow state, the
 * coordinating agencies' contributions, dependencies, indicator links, the history of every change, progress
 * reports (deduplicated by event id), the scheduler's fired reminders (once per task, kind, deadline and level),
 * the government's announced days off, and the audit log.
 */
export class ProgrammeTasks1764500000000 implements MigrationInterface {
  name = 'ProgrammeTasks1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}".programme_nodes (
        id                      uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        code                    text        NOT NULL UNIQUE,
        kind                    text        NOT NULL CHECK (kind IN ('resolution', 'goal', 'group', 'task', 'subtask')),
        parent_id               uuid        NULL REFERENCES "${S}".programme_nodes (id),
        title_vi                text        NOT NULL,
        title_en                text        NOT NULL,
        weight                  numeric     NOT NULL DEFAULT 1 CHECK (weight > 0),
        state                   text        NULL CHECK (state IN ('DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'APPROVED', 'CANCELLED')),
        lead_agency             text        NULL,
        coordinating_agencies   text[]      NOT NULL DEFAULT '{}',
        reviewer_agency         text        NULL,
        due_date                date        NULL,
        progress_source         text        NOT NULL DEFAULT 'manual' CHECK (progress_source IN ('manual', 'children', 'indicators')),
        own_progress            numeric     NOT NULL DEFAULT 0 CHECK (own_progress BETWEEN 0 AND 100),
        estimate_working_days   integer     NULL CHECK (estimate_working_days > 0),
        version                 integer     NOT NULL DEFAULT 1,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind IN ('task', 'subtask')) = (state IS NOT NULL)),
        CHECK (kind NOT IN ('task', 'subtask') OR (lead_agency IS NOT NULL AND reviewer_agency IS NOT NULL AND due_date IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX programme_nodes_parent_idx ON "${S}".programme_nodes (parent_id)`);
    await q.query(
      `CREATE INDEX programme_nodes_open_due_idx ON "${S}".programme_nodes (due_date) WHERE state IN ('ASSIGNED', 'IN_PROGRESS', 'SUBMITTED')`,
    );
    await q.query(`
      CREATE TABLE "${S}".task_contributions (
        task_id       uuid        NOT NULL REFERENCES "${S}".programme_nodes (id) ON DELETE CASCADE,
        agency        text        NOT NULL,
        completed_at  timestamptz NULL,
        completed_by  text        NULL,
        note          text        NULL,
        PRIMARY KEY (task_id, agency)
      )`);
    await q.query(`
      CREATE TABLE "${S}".task_dependencies (
        blocker_id  uuid NOT NULL REFERENCES "${S}".programme_nodes (id) ON DELETE CASCADE,
        blocked_id  uuid NOT NULL REFERENCES "${S}".programme_nodes (id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (blocker_id, blocked_id),
        CHECK (blocker_id <> blocked_id)
      )`);
    await q.query(`CREATE INDEX task_dependencies_blocked_idx ON "${S}".task_dependencies (blocked_id)`);
    await q.query(`
      CREATE TABLE "${S}".task_indicator_links (
        task_id         uuid        NOT NULL REFERENCES "${S}".programme_nodes (id) ON DELETE CASCADE,
        indicator_code  text        NOT NULL,
        baseline        numeric     NOT NULL,
        target          numeric     NOT NULL CHECK (target <> baseline),
        value           numeric     NULL,
        value_period    text        NULL,
        value_version   bigint      NULL,
        value_at        timestamptz NULL,
        PRIMARY KEY (task_id, indicator_code)
      )`);
    await q.query(`CREATE INDEX task_indicator_links_code_idx ON "${S}".task_indicator_links (indicator_code)`);
    await q.query(`
      CREATE TABLE "${S}".task_history (
        id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        task_id     uuid        NOT NULL REFERENCES "${S}".programme_nodes (id) ON DELETE CASCADE,
        at          timestamptz NOT NULL DEFAULT now(),
        actor       text        NOT NULL,
        agency      text        NULL,
        action      text        NOT NULL,
        from_state  text        NULL,
        to_state    text        NULL,
        reason      text        NULL,
        details     jsonb       NULL
      )`);
    await q.query(`CREATE INDEX task_history_task_idx ON "${S}".task_history (task_id, id)`);
    await q.query(`
      CREATE TABLE "${S}".task_progress_reports (
        id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        task_id         uuid        NOT NULL REFERENCES "${S}".programme_nodes (id) ON DELETE CASCADE,
        agency          text        NOT NULL,
        percent         numeric     NOT NULL CHECK (percent BETWEEN 0 AND 100),
        note            text        NULL,
        evidence_links  text[]      NOT NULL DEFAULT '{}',
        event_source    text        NOT NULL,
        event_id        text        NOT NULL,
        reported_at     timestamptz NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_source, event_id)
      )`);
    await q.query(`
      CREATE TABLE "${S}".task_reminders (
        task_id   uuid        NOT NULL REFERENCES "${S}".programme_nodes (id) ON DELETE CASCADE,
        kind      text        NOT NULL CHECK (kind IN ('due-soon', 'overdue', 'escalated')),
        due_date  date        NOT NULL,
        level     text        NOT NULL DEFAULT '',
        fired_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (task_id, kind, due_date, level)
      )`);
    await q.query(`
      CREATE TABLE "${S}".calendar_notices (
        id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        year          integer     NOT NULL,
        days_off      date[]      NOT NULL DEFAULT '{}',
        working_days  date[]      NOT NULL DEFAULT '{}',
        replaces      text[]      NOT NULL DEFAULT '{}',
        source        text        NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    text        NOT NULL
      )`);
    await createAuditLogTable(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditLogTable(q, S);
    for (const t of [
      'calendar_notices',
      'task_reminders',
      'task_progress_reports',
      'task_history',
      'task_indicator_links',
      'task_dependencies',
      'task_contributions',
      'programme_nodes',
    ]) {
      await q.query(`DROP TABLE "${S}".${t}`);
    }
  }
}
