import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@dxhub/http';
import {
  AgencyProducer,
  bearer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  readTopic,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { NotificationsAppModule } from '../src/app.module';
import { Clock } from '../src/clock/clock';
import { NoticesRepository } from '../src/delivery/notices.repository';

/*
 * The notifications service end to end against the real broker and database, a real SMTP server
 * (smtp-server, parsed with mailparser) and a real HTTP receiver that verifies the webhook signature
 * the way docs/webhooks.md tells agencies to.
 */
const SECRET = 'stttt-webhook-secret-2026';
const ADMIN = bearer({ agency: 'SKHCN', roles: ['admin'], sub: 'admin-1' });
const LAN = bearer({ agency: 'STTTT', roles: ['reporter'], sub: 'lan' });
const MINH = bearer({ agency: 'STTTT', roles: ['approver'], sub: 'minh' });

interface Received {
  path: string;
  deliveryId: string;
  eventId: string;
  verified: boolean;
  status: number;
  body: Record<string, unknown>;
}

/** The receiver's side of the scheme: HMAC-SHA256(secret, t + "." + raw body), compared in constant time. */
function verify(secret: string, header: string | undefined, raw: string): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2)));
  if (!parts.t || !parts.v1 || Math.abs(Date.now() / 1000 - Number(parts.t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('notifications (Kafka + PostgreSQL + SMTP + webhook receiver)', () => {
  let app: INestApplication;
  let url: string;
  let database: TestDatabase;
  let producer: AgencyProducer;
  let smtp: SMTPServer;
  let receiver: Server;
  let receiverUrl: string;
  const mails: ParsedMail[] = [];
  const received: Received[] = [];
  /** Event ids whose webhook the receiver refuses (with 500) this many more times. */
  const failures = new Map<string, number>();
  const prefix = uniqueTopicPrefix('notifications');
  const tasksTopic = `${prefix}dx.tasks.events`;

  const taskEvent = (type: string, data: Record<string, unknown> = {}, id: string = randomUUID()) => ({
    id,
    message: {
      key: 'task-1',
      value: JSON.stringify({
        taskId: 'task-1',
        code: 'NV-2026-014',
        titleVi: 'Triển khai chữ ký số cho cán bộ cấp xã',
        titleEn: 'Roll out digital signatures to commune officials',
        state: 'IN_PROGRESS',
        leadAgency: 'STTTT',
        coordinatingAgencies: [],
        reviewerAgency: 'SKHCN',
        dueDate: '2026-03-31',
        progressPercent: 40,
        occurredAt: '2026-04-03T02:00:00Z',
        aFieldFromALaterVersion: { ignored: true },
        ...data,
      }),
      headers: {
        ce_specversion: '1.0',
        ce_id: id,
        ce_source: '/services/tasks',
        ce_type: type,
        'content-type': 'application/json',
      },
    },
  });
  const api = async <T = unknown>(
    method: string,
    path: string,
    auth: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const mailsFor = (to: string, subjectPart: string) =>
    mails.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === to && m.subject?.includes(subjectPart));
  const deliveries = async (query: string) =>
    (
      await api<{
        items: {
          id: string;
          recipient: string;
          channel: string;
          status: string;
          attempts: number;
          lastError: string | null;
        }[];
      }>('GET', `/v1/deliveries?${query}`, ADMIN)
    ).body.items;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          mails.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const body = JSON.parse(raw) as { event: { id: string } };
        const verified = verify(SECRET, req.headers['x-dx-signature'] as string | undefined, raw);
        const left = failures.get(body.event.id) ?? 0;
        const status = !verified ? 401 : req.url === '/down' || left > 0 ? 500 : 204;
        if (left > 0) failures.set(body.event.id, left - 1);
        received.push({
          path: req.url ?? '',
          deliveryId: String(req.headers['x-dx-delivery-id']),
          eventId: body.event.id,
          verified,
          status,
          body,
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    database = await createTestDatabase('notifications');
    Object.assign(process.env, serviceTestEnv(database, prefix), {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_FROM: 'DX Hub Tiền Giang <thong-bao@dxhub.tiengiang.gov.vn>',
      DELIVERY_POLL_MS: '100',
      DELIVERY_BACKOFF_BASE_MS: '100',
      DELIVERY_BACKOFF_MAX_MS: '400',
      DELIVERY_MAX_ATTEMPTS: '5',
      DIGEST_CHECK_MS: '0',
    });
    app = await NestFactory.create(NotificationsAppModule, { logger: ['error'], abortOnError: false });
    configureHttpApp(app, {
      name: 'notifications',
      title: 'notifications',
      description: 'test',
      defaultPort: 0,
      config: [],
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    producer = await AgencyProducer.connect('test-tasks-service');

    const put = async (path: string, body: unknown) => expect((await api('PUT', path, ADMIN, body)).status).toBe(200);
    await put('/v1/subscribers/lan', {
      agencyCode: 'STTTT',
      roles: ['reporter'],
      email: 'lan.nguyen@stttt.example.vn',
      locale: 'vi',
    });
    await put('/v1/subscribers/minh', {
      agencyCode: 'STTTT',
      roles: ['approver'],
      email: 'minh.tran@stttt.example.vn',
      locale: 'en',
    });
    await put('/v1/subscribers/hoa', { agencyCode: 'SYT', roles: ['reporter'], email: 'hoa.le@syt.example.vn' });
    await put('/v1/agencies/STTTT/notification-settings', {
      webhookUrl: `${receiverUrl}/hooks/dxhub`,
      webhookSecret: SECRET,
      email: 'vanthu@stttt.example.vn',
    });
    await put('/v1/agencies/SYT/notification-settings', {
      webhookUrl: `${receiverUrl}/down`,
      webhookSecret: SECRET,
      email: 'vanthu@syt.example.vn',
    });
  });

  afterAll(async () => {
    await producer?.close();
    await app?.close();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    await new Promise((r) => receiver?.close(r));
  });

  it('e-mails over SMTP: headers, the recipient’s language and Vietnamese text intact', async () => {
    const overdue = taskEvent('dx.task.overdue', { workingDaysOverdue: 3 });
    await producer.send(tasksTopic, [overdue.message]);
    const [vi] = await waitFor(
      async () =>
        mailsFor('lan.nguyen@stttt.example.vn', 'NV-2026-014').length
          ? mailsFor('lan.nguyen@stttt.example.vn', 'NV-2026-014')
          : undefined,
      30000,
      'the e-mail to Lan',
    );
    expect(vi.subject).toBe('Nhiệm vụ quá hạn: NV-2026-014');
    expect(vi.from?.value).toEqual([{ address: 'thong-bao@dxhub.tiengiang.gov.vn', name: 'DX Hub Tiền Giang' }]);
    expect(vi.messageId).toMatch(/^<notice-\d+@dxhub\.tiengiang\.gov\.vn>$/);
    expect(vi.headers.get('x-dx-rule')).toBe('task-overdue');
    expect(vi.headers.get('x-dx-severity')).toBe('high');
    expect(vi.headers.get('x-dx-idempotency-key')).toBe(`/services/tasks|${overdue.id}|lan|email`);
    expect(vi.text).toContain(
      'Nhiệm vụ NV-2026-014 “Triển khai chữ ký số cho cán bộ cấp xã” do STTTT chủ trì đã quá hạn 3 ngày làm việc (hạn 2026-03-31).',
    );
    const [en] = await waitFor(
      async () =>
        mailsFor('minh.tran@stttt.example.vn', 'NV-2026-014')[0] &&
        mailsFor('minh.tran@stttt.example.vn', 'NV-2026-014'),
      30000,
      'the e-mail to Minh',
    );
    expect(en.subject).toBe('Task overdue: NV-2026-014');
    // SYT is not the lead agency: Hoa gets nothing.
    expect(mails.some((m) => !Array.isArray(m.to) && m.to?.text === 'hoa.le@syt.example.vn')).toBe(false);
  });

  it('signs webhooks; a receiver failing three times and then recovering gets exactly one delivery', async () => {
    const assigned = taskEvent('dx.task.assigned');
    failures.set(assigned.id, 3);
    await producer.send(tasksTopic, [assigned.message]);
    await waitFor(
      async () => (received.some((r) => r.eventId === assigned.id && r.status === 204) ? true : undefined),
      30000,
      'the webhook to succeed',
    );
    await new Promise((r) => setTimeout(r, 1000));
    const calls = received.filter((r) => r.eventId === assigned.id);
    expect(calls.map((c) => c.status)).toEqual([500, 500, 500, 204]);
    expect(
      calls.every((c) => c.verified && c.deliveryId === `/services/tasks|${assigned.id}|agency:STTTT|webhook`),
    ).toBe(true);
    expect(calls[3].body).toMatchObject({
      rule: 'task-assigned',
      agency: 'STTTT',
      subject: 'Nhiệm vụ được giao: NV-2026-014',
      event: { type: 'dx.task.assigned' },
    });
    const [row] = await deliveries(`eventId=${assigned.id}&channel=webhook`);
    expect(row).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
  });

  it('keeps the inbox per user with unread counts, mark-read and live updates over server-sent events', async () => {
    const stream = new AbortController();
    const res = await fetch(`${url}/v1/inbox/stream`, { headers: LAN, signal: stream.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const returned = taskEvent('dx.task.returned', { reason: 'Thiếu biên bản nghiệm thu' });
    await producer.send(tasksTopic, [returned.message]);
    let seen = '';
    await waitFor(
      async () => {
        const { value } = await reader.read();
        seen += Buffer.from(value ?? []).toString('utf8');
        return seen.includes('Thiếu biên bản nghiệm thu') ? true : undefined;
      },
      30000,
      'the live notice',
    );
    stream.abort();
    expect(seen).toContain('event: notice');

    const inbox = await api<{ items: { id: string; subject: string; readAt: string | null }[]; unreadCount: number }>(
      'GET',
      '/v1/inbox?limit=2',
      LAN,
    );
    expect(inbox.status).toBe(200);
    expect(inbox.body.items[0]).toMatchObject({ subject: 'Nhiệm vụ bị trả lại: NV-2026-014', readAt: null });
    const unread = inbox.body.unreadCount;
    expect(unread).toBeGreaterThanOrEqual(3);
    expect((await api('POST', `/v1/inbox/${inbox.body.items[0].id}/read`, LAN)).status).toBe(204);
    expect((await api<{ unreadCount: number }>('GET', '/v1/inbox', LAN)).body.unreadCount).toBe(unread - 1);
    // Someone else's notice is not found in my inbox; the admin endpoints are not for reporters.
    expect((await api('POST', `/v1/inbox/${inbox.body.items[0].id}/read`, MINH)).status).toBe(404);
    expect((await api('GET', '/v1/deliveries', LAN)).status).toBe(403);
  });

  it('sends nothing twice when an event is delivered again', async () => {
    const escalated = taskEvent('dx.task.escalated', { escalatedTo: 'STTTT', level: 2 });
    await producer.send(tasksTopic, [escalated.message]);
    await waitFor(
      async () => (mailsFor('minh.tran@stttt.example.vn', 'escalated').length === 1 ? true : undefined),
      30000,
      'the escalation e-mail',
    );
    await producer.send(tasksTopic, [escalated.message, escalated.message, escalated.message]);
    await new Promise((r) => setTimeout(r, 2500));
    expect(mailsFor('minh.tran@stttt.example.vn', 'escalated')).toHaveLength(1);
    expect(received.filter((r) => r.eventId === escalated.id && r.status === 204)).toHaveLength(1);
    const rows = await deliveries(`eventId=${escalated.id}`);
    expect(rows.map((r) => `${r.recipient}/${r.channel}/${r.status}`).sort()).toEqual([
      'agency:STTTT/webhook/sent',
      'minh/email/sent',
      'minh/inbox/sent',
    ]);
  });

  it('dead-letters a delivery after the last try with its error, falls back to the next channel, and re-drives it', async () => {
    const overdue = taskEvent('dx.task.overdue', { leadAgency: 'SYT', workingDaysOverdue: 9 });
    await producer.send(tasksTopic, [overdue.message]);
    const [dead] = await waitFor(
      async () => {
        const rows = await deliveries(`status=failed&eventId=${overdue.id}`);
        return rows.length ? rows : undefined;
      },
      30000,
      'the dead letter',
    );
    expect(dead).toMatchObject({
      recipient: 'agency:SYT',
      channel: 'webhook',
      attempts: 5,
      lastError: 'attempt 5: webhook answered 500',
    });
    expect(received.filter((r) => r.eventId === overdue.id)).toHaveLength(5);
    // The webhook's fallback: the agency's contact address.
    await waitFor(
      async () => (mailsFor('vanthu@syt.example.vn', 'NV-2026-014').length === 1 ? true : undefined),
      30000,
      'the fallback e-mail',
    );

    await api('PUT', '/v1/agencies/SYT/notification-settings', ADMIN, {
      webhookUrl: `${receiverUrl}/hooks/syt`,
      email: 'vanthu@syt.example.vn',
    });
    expect((await api('POST', `/v1/deliveries/${dead.id}/redrive`, ADMIN)).status).toBe(202);
    await waitFor(
      async () => (received.some((r) => r.eventId === overdue.id && r.status === 204) ? true : undefined),
      30000,
      'the re-driven webhook',
    );
    expect((await api('POST', `/v1/deliveries/${dead.id}/redrive`, ADMIN)).status).toBe(409);
    expect((await api('POST', '/v1/deliveries/999999999/redrive', ADMIN)).status).toBe(404);
  });

  it('gathers a day’s low-severity notices into one digest e-mail', async () => {
    const approved = taskEvent('dx.task.approved');
    const dueSoon = taskEvent('dx.task.due-soon', { workingDaysLeft: 2 });
    const obligationId = randomUUID();
    const obligation = {
      key: 'STTTT',
      value: JSON.stringify({
        agency: 'STTTT',
        indicatorCode: 'BTS_COUNT',
        period: '2026Q1',
        periodType: 'Quarterly',
        dueDate: '2026-04-10',
        workingDaysLeft: 5,
      }),
      headers: {
        ce_specversion: '1.0',
        ce_id: obligationId,
        ce_source: '/services/indicators',
        ce_type: 'dx.obligation.due-soon',
        'content-type': 'application/json',
      },
    };
    await producer.send(tasksTopic, [approved.message, dueSoon.message]);
    await producer.send(`${prefix}dx.indicators.events`, [obligation]);
    await waitFor(
      async () =>
        (await deliveries('status=held&channel=email')).filter((r) => r.recipient === 'lan').length === 3
          ? true
          : undefined,
      30000,
      'three held notices',
    );
    expect(mailsFor('lan.nguyen@stttt.example.vn', 'sắp đến hạn')).toHaveLength(0);

    const run = await api<{ digests: number; notices: number }>('POST', '/v1/digests/run', ADMIN);
    expect(run.body.notices).toBeGreaterThanOrEqual(3);
    const [digest] = await waitFor(
      async () =>
        mailsFor('lan.nguyen@stttt.example.vn', 'Tóm tắt').length
          ? mailsFor('lan.nguyen@stttt.example.vn', 'Tóm tắt')
          : undefined,
      30000,
      'the digest',
    );
    expect(digest.subject).toMatch(/^Tóm tắt thông báo ngày \d\d\/\d\d\/\d{4}: 3 thông báo$/);
    expect(digest.text).toContain('Nhiệm vụ đã được phê duyệt: NV-2026-014');
    expect(digest.text).toContain('Nhiệm vụ sắp đến hạn: NV-2026-014');
    expect(digest.text).toContain('Sắp đến hạn báo cáo kỳ 2026Q1');
    // Once a day: running it again sends no second digest.
    expect((await api<{ digests: number }>('POST', '/v1/digests/run', ADMIN)).body.digests).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsFor('lan.nguyen@stttt.example.vn', 'Tóm tắt')).toHaveLength(1);
  });

  it('holds e-mail in quiet hours but not critical notices; preferences are validated', async () => {
    const clock = app.get(Clock);
    const quiet = {
      channels: { critical: [], high: ['inbox', 'email'], normal: ['inbox', 'email'], low: ['inbox'] },
      quietHours: { start: '21:00', end: '07:00' },
      digest: false,
    };
    expect((await api('PUT', '/v1/preferences', MINH, quiet)).status).toBe(200);
    expect(
      (
        await api<{ message: unknown }>('PUT', '/v1/preferences', MINH, {
          ...quiet,
          quietHours: { start: '25:00', end: '07:00' },
        })
      ).status,
    ).toBe(400);
    const night = new Date(Date.now() + 24 * 3600000);
    night.setUTCHours(16, 0, 0, 0); // 23:00 in Việt Nam
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(night.getTime() + (Date.now() % 60000)));
    try {
      const overdue = taskEvent('dx.task.overdue', { code: 'NV-QUIET-1' });
      const escalated = taskEvent('dx.task.escalated', { code: 'NV-QUIET-2', escalatedTo: 'STTTT', level: 1 });
      await producer.send(tasksTopic, [overdue.message, escalated.message]);
      await waitFor(
        async () => (mailsFor('minh.tran@stttt.example.vn', 'NV-QUIET-2').length ? true : undefined),
        30000,
        'the critical e-mail at night',
      );
      const [held] = await deliveries(`eventId=${overdue.id}&channel=email`);
      expect(held).toMatchObject({ recipient: 'minh', status: 'pending', attempts: 0 });
      expect(mailsFor('minh.tran@stttt.example.vn', 'NV-QUIET-1')).toHaveLength(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('claims a fair share of due notices per rule: a burst of one rule does not starve another', async () => {
    const repo = app.get(NoticesRepository);
    const due = new Date(Date.now() - 1000).toISOString();
    const row = (rule: string, i: number) => ({
      event_source: '/tests/fairness',
      event_id: `${rule}-${i}`,
      event_type: 'dx.test.fairness',
      rule,
      severity: 'low',
      recipient: 'nobody',
      agency_code: 'STTTT',
      channel: 'inbox',
      address: null,
      locale: 'vi' as const,
      subject: 's',
      body: 'b',
      data: {},
      status: 'pending' as const,
      max_attempts: 5,
      next_attempt_at: due,
      fallback: [],
      created_at: due,
    });
    // Rules the running worker does not claim, so only this claim touches them.
    expect(
      await repo.insert([...Array.from({ length: 300 }, (_, i) => row('fairness-burst', i)), row('fairness-other', 0)]),
    ).toBe(301);
    const first = await repo.claim(['fairness-burst', 'fairness-other'], new Date(), 20, 60000);
    expect(first.filter((n) => n.rule === 'fairness-other')).toHaveLength(1);
    expect(first.filter((n) => n.rule === 'fairness-burst')).toHaveLength(20);
    // A second worker at the same time skips the claimed rows (SKIP LOCKED + lease) and takes the next ones.
    const second = await repo.claim(['fairness-burst', 'fairness-other'], new Date(), 20, 60000);
    expect(second.map((n) => n.id).filter((id) => first.some((f) => f.id === id))).toEqual([]);
    expect(second).toHaveLength(20);
  });

  it('dead-letters a task event missing a field its rule needs, and ignores types without a rule', async () => {
    const broken = taskEvent('dx.task.overdue', { leadAgency: undefined });
    const other = taskEvent('dx.task.created');
    await producer.send(tasksTopic, [broken.message, other.message]);
    const [letter] = await readTopic(`${tasksTopic}.dlq`, 1, 30000);
    // dx.task.created has no rule: skipped, not dead-lettered.
    expect(await readTopic(`${tasksTopic}.dlq`, 2, 3000)).toHaveLength(1);
    expect(letter.headers.dx_dlq_reason).toBe('dx.task.overdue needs leadAgency (string)');
    expect(letter.headers.ce_id).toBe(broken.id);
  });
});
