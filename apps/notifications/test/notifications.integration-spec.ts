import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CLOUD_EVENTS_SPEC_VERSION,
  CloudEventHeaders,
  EVENT_CATALOG,
  type EventType,
  JSON_CONTENT_TYPE,
  serviceSource,
} from '@dxhub/contracts';
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
import { Clock } from '@dxhub/calendar';
import { NoticesRepository } from '../src/notices/notices.repository';

/*
 * The notifications service end to end against the real broker and database, a real SMTP server
 * (smtp-server, parsed with mailparser) and a real HTTP receiver that verifies the webhook signature
 * the way docs/webhooks.md tells agencies to.
 */
const SECRET = 'stttt-webhook-secret-2026';
const ADMIN = bearer({ agency: 'SKHCN', roles: ['admin', 'programme-office'], sub: 'admin-1' });
const LAN = bearer({ agency: 'STTTT', roles: ['reporter'], sub: 'lan' });
const MINH = bearer({ agency: 'STTTT', roles: ['approver'], sub: 'minh' });
const THU = bearer({ agency: 'SKHCN', roles: ['reporter'], sub: 'thu' });
const INDICATORS_URL = 'https://dxhub.tiengiang.gov.vn/indicators';

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

  /** The tasks service's ids are UUIDs (TaskEventBaseV1). */
  const TASK_ID = '3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f70';
  const taskEvent = (type: string, data: Record<string, unknown> = {}, id: string = randomUUID()) => ({
    id,
    message: {
      key: TASK_ID,
      value: JSON.stringify({
        taskId: TASK_ID,
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
  /** An indicators-service event as its outbox relay publishes it: the catalogue's example, binary CloudEvent. */
  const indicatorsEvent = <T extends EventType>(
    type: T,
    data: Record<string, unknown> = {},
    id = `${type}:${randomUUID()}`,
  ) => {
    const payload = { ...(EVENT_CATALOG[type].example as unknown as Record<string, unknown>), ...data };
    return {
      id,
      message: {
        key: String(payload[EVENT_CATALOG[type].keyProperty]),
        value: JSON.stringify(payload),
        headers: {
          [CloudEventHeaders.SPEC_VERSION]: CLOUD_EVENTS_SPEC_VERSION,
          [CloudEventHeaders.ID]: id,
          [CloudEventHeaders.SOURCE]: serviceSource('indicators'),
          [CloudEventHeaders.TYPE]: type,
          [CloudEventHeaders.CONTENT_TYPE]: JSON_CONTENT_TYPE,
          [CloudEventHeaders.TIME]: new Date().toISOString(),
        },
      },
    };
  };
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
      INDICATORS_PUBLIC_URL: INDICATORS_URL,
      // The receiver listens on loopback, which webhooks may reach only when operators allow it.
      WEBHOOK_ALLOWED_TARGETS: '127.0.0.1',
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
    const escalated = taskEvent('dx.task.escalated', { escalatedTo: 'STTTT', level: 'agency-head' });
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
      lastError: 'attempt 5: receiver-error: webhook receiver error (HTTP 500)',
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
    // The indicators service's own example, owed by STTTT here so that Lan is among its reporters.
    const obligation = indicatorsEvent('dx.obligation.due-soon', { agency: 'STTTT' }).message;
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
    expect(digest.text).toContain('Sắp đến hạn báo cáo kỳ 202602: Báo cáo Số Tổ công nghệ số cộng đồng');
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
      const overdue = taskEvent('dx.task.overdue', { code: 'NV-QUIET-1', workingDaysOverdue: 1 });
      const escalated = taskEvent('dx.task.escalated', { code: 'NV-QUIET-2', escalatedTo: 'STTTT', level: 'officer' });
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

  it('dead-letters a task event that fails its contract class, and ignores types without a rule', async () => {
    const broken = taskEvent('dx.task.overdue', { leadAgency: undefined });
    const other = taskEvent('dx.task.created');
    await producer.send(tasksTopic, [broken.message, other.message]);
    const [letter] = await readTopic(`${tasksTopic}.dlq`, 1, 30000);
    // dx.task.created has no rule: skipped, not dead-lettered.
    expect(await readTopic(`${tasksTopic}.dlq`, 2, 3000)).toHaveLength(1);
    expect(letter.headers.dx_dlq_reason_code).toBe('payload-invalid');
    expect(letter.headers.dx_dlq_reason).toMatch(/^invalid dx\.task\.overdue payload: .*leadAgency/);
    expect(letter.headers.ce_id).toBe(broken.id);
  });

  describe('events of the indicators service (catalogue examples, as its outbox relay publishes them)', () => {
    const indicatorsTopic = `${prefix}dx.indicators.events`;
    const mailsTo = (to: string) => mails.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === to);

    beforeAll(async () => {
      const people = [
        ['thu', 'SKHCN', 'reporter', 'thu.pham@skhcn.example.vn'],
        ['quang', 'SKHCN', 'approver', 'quang.vo@skhcn.example.vn'],
        ['van', 'VPUBND', 'programme-office', 'van.dang@vpubnd.example.vn'],
      ];
      for (const [userId, agencyCode, role, email] of people) {
        const body = { agencyCode, roles: [role], email, locale: 'vi' };
        expect((await api('PUT', `/v1/subscribers/${userId}`, ADMIN, body)).status).toBe(200);
      }
    });

    it('an overdue obligation e-mails the owing agency (SKHCN, successor of the declared STTTT) with a link', async () => {
      const overdue = indicatorsEvent('dx.obligation.overdue');
      await producer.send(indicatorsTopic, [overdue.message]);
      const subject = 'Quá hạn báo cáo kỳ 202602: Báo cáo Số Tổ công nghệ số cộng đồng';
      const [toReporter] = await waitFor(
        async () =>
          mailsFor('thu.pham@skhcn.example.vn', subject).length
            ? mailsFor('thu.pham@skhcn.example.vn', subject)
            : undefined,
        30000,
        'the overdue e-mail to the reporter',
      );
      expect(toReporter.subject).toBe(subject);
      expect(toReporter.headers.get('x-dx-rule')).toBe('obligation-overdue');
      expect(toReporter.headers.get('x-dx-severity')).toBe('high');
      expect(toReporter.text).toContain(
        'Báo cáo Số Tổ công nghệ số cộng đồng kỳ 202602 đã quá hạn ngày 2026-02-24 (1 ngày làm việc); ' +
          'đã nhận 97/103 báo cáo, còn thiếu của đơn vị 28249, 28252: ' +
          `${INDICATORS_URL}/v1/obligations/TCNSCD_TEAMS?period=202602`,
      );
      await waitFor(
        async () => (mailsFor('quang.vo@skhcn.example.vn', subject).length === 1 ? true : undefined),
        30000,
        'the overdue e-mail to the approver',
      );
      const rows = await deliveries(`eventId=${encodeURIComponent(overdue.id)}`);
      expect(rows.map((r) => r.recipient).sort()).toEqual(['quang', 'quang', 'thu', 'thu']);
      // The declared agency STTTT no longer owes the period: Lan hears nothing of it.
      expect(mailsFor('lan.nguyen@stttt.example.vn', '202602: Báo cáo Số Tổ')).toHaveLength(0);
    });

    it('a value returned with a reason reaches the reporting agency’s inbox and mail, not its approvers', async () => {
      const returned = indicatorsEvent('dx.indicator-value.returned');
      await producer.send(indicatorsTopic, [returned.message]);
      const notice = await waitFor(
        async () => {
          const inbox = await api<{ items: { subject: string; body: string; severity: string }[] }>(
            'GET',
            '/v1/inbox',
            THU,
          );
          return inbox.body.items.find((i) => i.subject === 'Số liệu bị trả lại: BTS_COUNT 2026S2');
        },
        30000,
        'the returned value in Thu’s inbox',
      );
      expect(notice.body).toBe(
        'SKHCN đã trả lại giá trị chỉ tiêu BTS_COUNT của đơn vị 28249, kỳ 2026S2 (báo cáo 1042). ' +
          'Lý do: Số trạm BTS cao hơn số liệu của nhà mạng / higher than the operators’ count. Các lần báo cáo: ' +
          `${INDICATORS_URL}/v1/indicator-values/history?indicator=BTS_COUNT&orgUnit=28249&period=2026S2`,
      );
      await waitFor(
        async () => (mailsFor('thu.pham@skhcn.example.vn', 'Số liệu bị trả lại').length === 1 ? true : undefined),
        30000,
        'the returned value e-mail',
      );
      const rows = await deliveries(`eventId=${encodeURIComponent(returned.id)}`);
      expect(rows.map((r) => `${r.recipient}/${r.channel}`).sort()).toEqual(['thu/email', 'thu/inbox']);
    });

    it('an indicator off track alerts the responsible agency’s approvers and the programme office', async () => {
      const offTrack = indicatorsEvent('dx.indicator.off-track');
      await producer.send(indicatorsTopic, [offTrack.message]);
      const subject = 'Chỉ tiêu chệch hướng: FIBRE_HH, Thành phố Gò Công';
      for (const to of ['quang.vo@skhcn.example.vn', 'van.dang@vpubnd.example.vn']) {
        const [mail] = await waitFor(
          async () => (mailsFor(to, subject).length ? mailsFor(to, subject) : undefined),
          30000,
          `the off-track e-mail to ${to}`,
        );
        expect(mail.text).toContain(
          'Chỉ tiêu FIBRE_HH của Thành phố Gò Công (816), kỳ 2024S2, đạt 61 so với mục tiêu lộ trình 75 ' +
            '(mức đạt 81.33%): không theo kịp lộ trình. ' +
            `${INDICATORS_URL}/v1/aggregates/status?orgUnit=816&period=2024S2&indicator=FIBRE_HH`,
        );
      }
      const rows = await deliveries(`eventId=${encodeURIComponent(offTrack.id)}`);
      expect([...new Set(rows.map((r) => r.recipient))].sort()).toEqual(['quang', 'van']);
      expect(mailsTo('thu.pham@skhcn.example.vn').some((m) => m.subject === subject)).toBe(false);
    });
  });
});
