// Autovacuum on for a bench run (issue 19, point 6): production runs PostgreSQL with it on (its default), and a
// database that is never vacuumed nor analysed ages differently from one that is. This machine's server has it
// off (/etc/postgresql/15/main/conf.d/90-ci.conf). `autovacuum` is a server-wide setting (context sighup: the
// configuration files or the command line, not a database, role or session), and a table's `autovacuum_enabled`
// storage parameter can only keep autovacuum away from that table, not bring it to a server that has it off. So
// the bench turns it on for the server with ALTER SYSTEM (postgresql.auto.conf, read after postgresql.conf and
// its conf.d) and a configuration reload, and puts the previous setting back at the end of the run — also when it
// fails or is interrupted (SIGINT, SIGTERM). Other databases on the server get autovacuum for that long too.
import pg from 'pg';
import { sleep } from './lib.mjs';

async function query(url, sql) {
  const client = new pg.Client({ connectionString: url, application_name: 'bench-autovacuum' });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Turns autovacuum on for the server behind `adminUrl` (a superuser's connection) unless it is on already, and
 * waits until a new connection sees it on. Returns { before, changed, restore }: `restore()` puts back what
 * postgresql.auto.conf said before (its own line, or none) and reloads; it does nothing when nothing changed, and
 * only once.
 */
export async function turnAutovacuumOn(adminUrl) {
  const [{ autovacuum: before }] = await query(adminUrl, 'SHOW autovacuum');
  if (before === 'on') return { before, changed: false, restore: async () => {} };
  // What ALTER SYSTEM had set before, if anything: restored as it was, not merely reset.
  const [own] = await query(
    adminUrl,
    `SELECT setting FROM pg_file_settings WHERE name = 'autovacuum' AND sourcefile LIKE '%/postgresql.auto.conf'`,
  );
  await query(adminUrl, `ALTER SYSTEM SET autovacuum = on`);
  await query(adminUrl, `SELECT pg_reload_conf()`);
  let restored = false;
  const restore = async () => {
    if (restored) return;
    restored = true;
    await query(
      adminUrl,
      own ? `ALTER SYSTEM SET autovacuum = '${own.setting.replaceAll("'", "''")}'` : 'ALTER SYSTEM RESET autovacuum',
    );
    await query(adminUrl, `SELECT pg_reload_conf()`);
  };
  // The reload is asynchronous: the postmaster signals the backends, which read the files again.
  for (let attempt = 0; ; attempt++) {
    const [{ autovacuum }] = await query(adminUrl, 'SHOW autovacuum');
    if (autovacuum === 'on') break;
    if (attempt >= 50) {
      await restore();
      throw new Error('autovacuum is still off 5 s after ALTER SYSTEM SET autovacuum = on and a reload');
    }
    await sleep(100);
  }
  return { before, changed: true, restore };
}

/**
 * What autovacuum did to a database's tables (of `schema`) since the statistics were reset: the proof that it
 * ran, and where. `db` is a connected pg.Client of that database.
 */
export async function autovacuumActivity(db, schema) {
  const { rows } = await db.query(
    `SELECT coalesce(sum(autovacuum_count), 0)::int AS vacuums, coalesce(sum(autoanalyze_count), 0)::int AS analyzes,
            coalesce(array_agg(relname::text ORDER BY relname) FILTER (WHERE autovacuum_count > 0), '{}') AS vacuumed,
            coalesce(array_agg(relname::text ORDER BY relname) FILTER (WHERE autoanalyze_count > 0), '{}') AS analyzed
     FROM pg_stat_user_tables WHERE schemaname = $1`,
    [schema],
  );
  return rows[0];
}
