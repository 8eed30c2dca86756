import { createTestDatabase, type TestDatabase, waitFor } from '@dxhub/testing';
import { Client } from 'pg';
import { MAX_BROADCAST_BYTES, ReplicaBroadcast } from '@dxhub/persistence';

/*
 * Three "replicas" on one PostgreSQL database: what one publishes reaches the others, never itself, and a
 * replica whose listening connection is killed (pg_terminate_backend on that connection alone) reconnects and
 * hears the next message.
 */
describe('ReplicaBroadcast (PostgreSQL LISTEN/NOTIFY)', () => {
  let database: TestDatabase;
  const replicas: { broadcast: ReplicaBroadcast<{ n: number; text: string }>; heard: { n: number; text: string }[] }[] =
    [];

  const replica = (applicationName: string) => {
    const heard: { n: number; text: string }[] = [];
    const broadcast = new ReplicaBroadcast<{ n: number; text: string }>({
      url: database.url,
      channel: 'test_live_updates',
      applicationName,
      receive: (message) => heard.push(message),
      maxReconnectDelayMs: 500,
    });
    replicas.push({ broadcast, heard });
    return { broadcast, heard };
  };

  beforeAll(async () => {
    database = await createTestDatabase('broadcast');
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.broadcast.stop()));
    await database.drop();
  });

  it('tells every other replica, in the order published, and not the publisher', async () => {
    const a = replica('replica-a');
    const b = replica('replica-b');
    const c = replica('replica-c');
    await Promise.all([a, b, c].map((r) => r.broadcast.start()));
    for (let n = 1; n <= 5; n++) await a.broadcast.publish({ n, text: 'Tỉnh Đồng Tháp' });
    await b.broadcast.publish({ n: 6, text: 'from b' });

    // Each replica listens on its own connection: wait for all three, a's message from b included.
    await waitFor(
      async () => (a.heard.length === 1 && b.heard.length === 5 && c.heard.length === 6 ? true : undefined),
      10000,
      'delivery',
    );
    expect(b.heard).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, text: 'Tỉnh Đồng Tháp' })));
    expect(c.heard.map((m) => m.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a.heard).toEqual([{ n: 6, text: 'from b' }]);
  });

  it('refuses a message NOTIFY could not carry, naming its size', async () => {
    const a = replica('replica-big');
    await a.broadcast.start();
    await expect(a.broadcast.publish({ n: 1, text: 'x'.repeat(MAX_BROADCAST_BYTES) })).rejects.toThrow(
      /bytes exceeds 7999/,
    );
  });

  it('reconnects a replica whose connection was killed, and it hears what is said after', async () => {
    const speaker = replica('replica-speaker');
    const victim = replica('replica-victim');
    await Promise.all([speaker.broadcast.start(), victim.broadcast.start()]);
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    const victimPid = async (): Promise<number | undefined> =>
      (
        await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'replica-victim'`,
        )
      ).rows[0]?.pid;
    try {
      const before = await victimPid();
      expect((await admin.query('SELECT pg_terminate_backend($1)', [before])).rowCount).toBe(1);
      // At most once: what is said while it reconnects is lost, so keep talking until it hears.
      let n = 0;
      await waitFor(
        async () => {
          if (victim.heard.length > 0) return true;
          await speaker.broadcast.publish({ n: ++n, text: 'after the kill' });
          return undefined;
        },
        15000,
        'the victim to hear again',
      );
      const after = await victimPid();
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      expect(victim.heard[0].text).toBe('after the kill');
    } finally {
      await admin.end();
    }
  });
});
