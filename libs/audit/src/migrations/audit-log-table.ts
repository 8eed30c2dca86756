import type { QueryRunner } from 'typeorm';

/**
 * The append-only audit table, created by each service that accepts writes in its own schema (call from
 * a migration). The owner role can't be denied UPDATE/DELETE on its own table, so triggers refuse them
 * (and TRUNCATE): rows are only ever added. Dropping the table (a down migration) stays possible.
 */
export async function createAuditLogTable(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE "${schema}".audit_log (
      id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at          timestamptz NOT NULL DEFAULT now(),
      actor       text        NOT NULL,
      agency      text        NULL,
      action      text        NOT NULL,
      resource    text        NOT NULL,
      request_id  text        NOT NULL,
      source      text        NOT NULL,
      details     jsonb       NULL
    )`);
  await q.query(`CREATE INDEX audit_log_agency_idx ON "${schema}".audit_log (agency, id)`);
  await q.query(`CREATE INDEX audit_log_actor_idx ON "${schema}".audit_log (actor, id)`);
  await q.query(`CREATE INDEX audit_log_at_idx ON "${schema}".audit_log (at)`);
  await q.query(`
    CREATE FUNCTION "${schema}".audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await q.query(`
    CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "${schema}".audit_log
    FOR EACH ROW EXECUTE FUNCTION "${schema}".audit_log_append_only()`);
  await q.query(`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "${schema}".audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".audit_log_append_only()`);
}

export async function dropAuditLogTable(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE "${schema}".audit_log`);
  await q.query(`DROP FUNCTION "${schema}".audit_log_append_only()`);
}
