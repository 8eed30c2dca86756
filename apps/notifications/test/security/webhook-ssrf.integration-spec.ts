import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@dxhub/http';
import {
  bearer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { NotificationsAppModule } from '../../src/app.module';

/*
 * The webhook as an attacker uses it: registered to reach inside the platform's network (the services, the
 * database, the broker, the cloud's metadata service) in every notation, re-pointed there after registration, used
 * to read delivery errors as a port scan, or answered with an endless body. And an agency's settings changed by
 * another agency's admin. The operators' allow-list here is 127.0.0.2 (a receiver the test runs); 127.0.0.1 and
 * everything else internal stays refused.
 */
const SECRET = 'a-signing-secret-of-the-agency';

describe('security: webhooks cannot reach inside (notifications)', () => {
  let app: INestApplication;
  let url: string;
  let database: TestDatabase;
  let db: DataSource;
  let internal: Server; // stands for a service inside the network, on 127.0.0.1
  let internalHits = 0;
  let allowed: Server; // the agency's receiver on the allow-listed 127.0.0.2
  let allowedPort: number;
  let bytesWritten = 0;
  let answerClosedEarly = false;
  const prefix = uniqueTopicPrefix('security-webhooks');
  const office = bearer({ agency: 'SKHCN', roles: ['programme-office'], sub: 'office-1' });

  const api = async (method: string, path: string, auth: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const setWebhook = (agency: string, webhookUrl: string, auth = office) =>
    api('PUT', `/v1/agencies/${agency}/notification-settings`, auth, { webhookUrl, webhookSecret: SECRET });

  /** A webhook notice for `agency`, straight into the delivery queue; resolves to its delivery once it is done. */
  const deliver = async (agency: string) => {
    const eventId = randomUUID();
    await db.query(
      `INSERT INTO notices (event_source, event_id, event_type, rule, severity, recipient, agency_code, channel, address,
                            locale, subject, body, data, status, max_attempts, next_attempt_at, created_at)
       VALUES ('/services/tasks', $1, 'dx.task.overdue', 'task-overdue', 'high', $2, $3, 'webhook', NULL, 'vi',
               'Nhiệm vụ quá hạn', 'NV-2026-014', '{}', 'pending', 1, now(), now())`,
      [eventId, `agency:${agency}`, agency],
    );
    return waitFor(
      async () => {
        const [row] = (await db.query(
          `SELECT status, last_error AS "lastError" FROM notices WHERE event_id = $1 AND status IN ('sent', 'failed')`,
          [eventId],
        )) as { status: string; lastError: string | null }[];
        return row;
      },
      30000,
      'the delivery',
    );
  };

  beforeAll(async () => {
    internal = createServer((_, res) => {
      internalHits++;
      res.end('internal');
    });
    await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r));
    allowed = createServer((req, res) => {
      if (req.url === '/missing') {
        res.statusCode = 404;
        res.end();
        return;
      }
      if (req.url !== '/endless') return void res.end('ok');
      // 64 MB answered as fast as the socket takes it: the service must stop reading long before.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 120);
      res.on('close', () => (answerClosedEarly = bytesWritten < 64 * 1024 * 1024));
      const pump = () => {
        while (bytesWritten < 64 * 1024 * 1024) {
          bytesWritten += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    await new Promise<void>((r) => allowed.listen(0, '127.0.0.2', r));
    allowedPort = (allowed.address() as AddressInfo).port;

    database = await createTestDatabase('security-webhooks');
    Object.assign(process.env, serviceTestEnv(database, prefix), {
      WEBHOOK_ALLOWED_TARGETS: '127.0.0.2',
      WEBHOOK_TIMEOUT_MS: '3000',
      DELIVERY_POLL_MS: '100',
      DIGEST_CHECK_MS: '0',
    });
    app = await NestFactory.create(NotificationsAppModule, { logger: ['error'], abortOnError: false });
    configureHttpApp(app, { name: 'notifications', title: 'n', description: 'test', defaultPort: 0, config: [] });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
    await new Promise((r) => internal?.close(r));
    allowed?.closeAllConnections();
    await new Promise((r) => allowed?.close(r));
  });

  it('refuses with 400 a webhook to any internal address, in every notation', async () => {
    const port = (internal.address() as AddressInfo).port;
    const targets = [
      `http://127.0.0.1:${port}/hook`,
      'http://127.0.0.1:3003/v1/inbox',
      'http://localhost:5432/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:9092/',
      'http://0x7f000001/',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://10.0.0.5/',
      'http://172.16.3.4/',
      'http://192.168.1.10/',
      'http://100.64.0.1/',
      'http://[fd12:3456::1]/',
      'http://[fe80::1]/',
      'http://224.0.0.1/',
      'http://0.0.0.0/',
      'http://[::]/',
      'http://[64:ff9b::7f00:1]/',
      'postgres:5432',
      'kafka:9092',
      'http://user:password@example.com/',
    ];
    for (const target of targets) {
      const res = await setWebhook('STTTT', target);
      expect({ target, status: res.status }).toEqual({ target, status: 400 });
    }
    const res = await setWebhook('STTTT', `http://127.0.0.1:${port}/hook`);
    expect(res.body).toMatchObject({
      error: 'WEBHOOK_TARGET_NOT_ALLOWED',
      message: expect.stringContaining('internal'),
    });
    expect(internalHits).toBe(0);
  });

  it('refuses at delivery time a webhook that points inside since it was registered (DNS rebinding, old rows)', async () => {
    expect((await setWebhook('SYT', `http://127.0.0.2:${allowedPort}/hook`)).status).toBe(200);
    // What a name that resolved to a public address at registration and to loopback now amounts to.
    const port = (internal.address() as AddressInfo).port;
    for (const target of [`http://localhost:${port}/hook`, `http://127.0.0.1:${port}/hook`]) {
      await db.query(`UPDATE agency_settings SET webhook_url = $1 WHERE agency_code = 'SYT'`, [target]);
      const delivery = await deliver('SYT');
      expect(delivery).toMatchObject({ status: 'failed', lastError: expect.stringContaining('target-not-allowed') });
    }
    expect(internalHits).toBe(0);
  });

  it('records delivery failures as categories, never as the network’s own words', async () => {
    // A closed port and a 404 of the allow-listed receiver: the agency learns what to fix, not what is listening.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.2', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await db.query(`UPDATE agency_settings SET webhook_url = $1 WHERE agency_code = 'SYT'`, [
      `http://127.0.0.2:${closedPort}/hook`,
    ]);
    const unreachable = await deliver('SYT');
    expect(unreachable.lastError).toMatch(/unreachable/);
    expect(unreachable.lastError).not.toMatch(/ECONNREFUSED|127\.0\.0\.2|connect /);
    await db.query(`UPDATE agency_settings SET webhook_url = $1 WHERE agency_code = 'SYT'`, [
      `http://127.0.0.2:${allowedPort}/missing`,
    ]);
    expect((await deliver('SYT')).lastError).toMatch(/rejected.*HTTP 404/);
  });

  it('reads the receiver’s answer up to a small limit and closes the connection', async () => {
    await db.query(`UPDATE agency_settings SET webhook_url = $1 WHERE agency_code = 'SYT'`, [
      `http://127.0.0.2:${allowedPort}/endless`,
    ]);
    expect(await deliver('SYT')).toMatchObject({ status: 'sent' });
    await waitFor(
      async () => (answerClosedEarly ? true : undefined),
      10000,
      'the receiver to see the connection close',
    );
    // Kernel buffers on loopback hold a few MB at most: far from the 64 MB it would have taken to read it all.
    process.stdout.write(
      `endless answer: the receiver wrote ${(bytesWritten / 1024 / 1024).toFixed(1)} MB before the close\n`,
    );
    expect(bytesWritten).toBeLessThan(32 * 1024 * 1024);
  });

  it("lets only the agency's own admin or the programme office manage its settings; audits and announces each change", async () => {
    const put = (auth: Record<string, string>) =>
      api('PUT', '/v1/agencies/STTTT/notification-settings', auth, { email: 'vanthu@stttt.example.vn' });
    const otherAdmin = bearer({ agency: 'SYT', roles: ['admin'], sub: 'syt-admin' });
    const denied = await put(otherAdmin);
    expect(denied).toMatchObject({ status: 403, body: { rule: 'agency-settings-by-own-admin' } });
    expect((await api('GET', '/v1/agencies/STTTT/notification-settings', otherAdmin)).body).toMatchObject({
      rule: 'agency-settings-by-own-admin',
    });

    // STTTT's admins are in the directory: each gets a notice of the change.
    for (const userId of ['stttt-admin-1', 'stttt-admin-2'])
      expect(
        (await api('PUT', `/v1/subscribers/${userId}`, office, { agencyCode: 'STTTT', roles: ['admin'] })).status,
      ).toBe(200);
    const ownAdmin = bearer({ agency: 'STTTT', roles: ['admin'], sub: 'stttt-admin-1' });
    expect((await put(ownAdmin)).status).toBe(200);
    expect((await setWebhook('STTTT', `http://127.0.0.2:${allowedPort}/hook`)).status).toBe(200);

    const audit = await api('GET', '/v1/audit?action=PUT%20%2Fv1%2Fagencies%2F%3Acode%2Fnotification-settings', office);
    const ofStttt = (audit.body.data as { resource: string }[]).filter(
      (e) => e.resource === '/v1/agencies/STTTT/notification-settings',
    );
    expect(ofStttt).toEqual([
      expect.objectContaining({
        actor: 'office-1',
        agency: 'SKHCN',
        resource: '/v1/agencies/STTTT/notification-settings',
        details: expect.objectContaining({
          agencyCode: 'STTTT',
          // A PUT replaces the settings: the e-mail the agency's admin set is gone, and the row says so.
          changed: ['webhookUrl', 'webhookSecret', 'email'],
          webhookHost: `127.0.0.2:${allowedPort}`,
        }),
      }),
      expect.objectContaining({ actor: 'stttt-admin-1', details: expect.objectContaining({ changed: ['email'] }) }),
    ]);
    const inbox = await waitFor(
      async () => {
        const res = await api('GET', '/v1/inbox', bearer({ agency: 'STTTT', roles: ['admin'], sub: 'stttt-admin-2' }));
        const items = res.body.items as { rule: string; subject: string; body: string }[];
        return items.length >= 2 ? items : undefined;
      },
      30000,
      'the notices to the agency admins',
    );
    expect(inbox[0]).toMatchObject({
      rule: 'agency-settings-changed',
      subject: 'Cài đặt thông báo của STTTT đã được thay đổi',
      body: expect.stringContaining('office-1 (SKHCN)'),
    });
  });
});
