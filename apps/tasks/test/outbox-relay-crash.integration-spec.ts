import {
  bearer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  readTopic,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

/*
 * The outbox relay is killed (SIGKILL, the whole tasks process) while committed events wait in the outbox, then
 * restarted: every event committed with its change reaches dx.tasks.events (some perhaps twice: consumers dedupe
 * on ce_id).
 */
const ROOT = join(__dirname, '../../..');
const PORT = 3191;
const URL_ = `http://127.0.0.1:${PORT}`;

describe('tasks outbox relay across a crash between commit and publish', () => {
  let database: TestDatabase;
  let service: ChildProcess | undefined;
  let db: Client;
  const prefix = uniqueTopicPrefix('relaykill');

  const start = () =>
    spawn(process.execPath, [join(ROOT, 'dist/apps/tasks/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...serviceTestEnv(database, prefix), PORT: String(PORT), SCHEDULER_INTERVAL_MS: '0' },
      stdio: 'ignore',
    });
  const ready = () =>
    waitFor(async () => ((await fetch(`${URL_}/health/ready`)).ok ? true : undefined), 60000, 'the tasks service');
  const call = (agency: string, roles: string[], path: string, body: unknown) =>
    fetch(`${URL_}${path}`, {
      method: 'POST',
      headers: { ...bearer({ agency, roles }), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const unpublished = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM tasks.outbox WHERE published_at IS NULL`)).rows[0].n as number;

  // Statements of the service still running; those waiting for a row lock (progress reports on one task queue behind
  // a frozen transaction) cannot finish while it is frozen, and the relay never waits for a lock.
  const statementsRunning = async () =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
            AND wait_event_type IS DISTINCT FROM 'Lock'`,
      )
    ).rows[0].n as number;

  beforeAll(async () => {
    expect(spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT }).status).toBe(0);
    database = await createTestDatabase('relaykill');
    service = start();
    await ready();
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    service?.kill('SIGKILL');
    await db?.end();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('publishes every committed event after the restart', async () => {
    expect(
      (await call('SKHCN', ['programme-office'], '/v1/tasks/G1.N6.T2/transitions', { action: 'assign' })).status,
    ).toBe(200);
    expect((await call('SKHCN', ['reporter'], '/v1/tasks/G1.N6.T2/transitions', { action: 'start' })).status).toBe(200);

    // A stream of progress reports, each a transaction with its dx.task.progress-updated event; the process is
    // killed while the outbox holds committed events the relay has not published. It is frozen (SIGSTOP) and its
    // statements already sent are let finish before the outbox is counted, so the relay cannot publish what was
    // counted before the kill; when nothing is left unpublished, it is thawed and tried again.
    let stop = false;
    const load = (async () => {
      for (let i = 0; !stop && i < 3000; i += 8) {
        await Promise.all(
          Array.from({ length: 8 }, (_, j) =>
            call('SKHCN', ['reporter'], '/v1/tasks/G1.N6.T2/progress', { percent: ((i + j) % 97) + 1 }).catch(
              () => undefined,
            ),
          ),
        );
      }
    })();
    const frozenWithStrandedEvents = async () => {
      service?.kill('SIGSTOP');
      await waitFor(async () => ((await statementsRunning()) === 0 ? true : undefined), 10000, 'statements to finish');
      if ((await unpublished()) > 0) return true;
      service?.kill('SIGCONT');
      return undefined;
    };
    await waitFor(frozenWithStrandedEvents, 60000, 'committed, unpublished events in a frozen process');
    service?.kill('SIGKILL');
    await new Promise((resolve) => service?.once('exit', resolve));
    stop = true;
    await load;
    const stranded = await unpublished();
    expect(stranded).toBeGreaterThan(0);

    service = start();
    await ready();
    await waitFor(async () => ((await unpublished()) === 0 ? true : undefined), 60000, 'the outbox to drain');

    const committed = (await db.query(`SELECT event_id FROM tasks.outbox ORDER BY id`)).rows.map(
      (r) => r.event_id as string,
    );
    // Read past the count (duplicates may fill it) until the topic has been quiet for the timeout.
    const records = await readTopic(`${prefix}dx.tasks.events`, committed.length * 2, 15000);
    const published = new Set(records.map((r) => r.headers.ce_id));
    expect(committed.filter((id) => !published.has(id))).toEqual([]);
    // Whatever was published twice (sent before the crash, not yet marked) carries the same ce_id.
    expect(published.size).toBe(committed.length);
    expect(records.length).toBeGreaterThanOrEqual(committed.length);
  });
});
