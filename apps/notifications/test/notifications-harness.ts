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
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
} from '@dxhub/testing';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { NotificationsAppModule } from '../src/app.module';

/*
 * The notifications service end to end against the real broker and database, a real SMTP server
 * (smtp-server, parsed with mailparser) and a real HTTP receiver that verifies the webhook signature
 * the way docs/webhooks.md tells agencies to.
 */
const SECRET = 'stttt-webhook-secret-2026';
export const ADMIN = bearer({ agency: 'SKHCN', roles: ['admin', 'programme-office'], sub: 'admin-1' });
export const LAN = bearer({ agency: 'STTTT', roles: ['reporter'], sub: 'lan' });
export const MINH = bearer({ agency: 'STTTT', roles: ['approver'], sub: 'minh' });
export const THU = bearer({ agency: 'SKHCN', roles: ['reporter'], sub: 'thu' });
export const INDICATORS_URL = 'https://dxhub.tiengiang.gov.vn/indicators';

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

/**
 * The notifications service in this process on its own database and topics, with a real SMTP server and webhook
 * receiver, and the subscribers and agency settings every notifications test starts from. Registers the
 * beforeAll/afterAll hooks of the calling describe block; the returned fields are set once beforeAll has run.
 */
export function useNotificationsService() {
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

  return {
    get app() {
      return app;
    },
    get url() {
      return url;
    },
    get receiverUrl() {
      return receiverUrl;
    },
    get producer() {
      return producer;
    },
    mails,
    received,
    failures,
    prefix,
    tasksTopic,
    taskEvent,
    indicatorsEvent,
    api,
    mailsFor,
    deliveries,
  };
}
