import {
  AgencyProducer,
  type AgencyMessage,
  agencyReportHeaders,
  bearer,
  readTopicUntil,
  waitFor,
  waitForGroupCaughtUp,
} from '@dxhub/testing';
import { RunningPlatform } from './running-platform';

/*
 * Issue 17's promise to agencies, end to end on the platform as `npm start` runs it: an agency publishes a batch
 * with one valid event and many invalid ones; it finds each refusal with its reason in GET /v1/rejections, and
 * its reporter's inbox gets ONE notice for the batch, whose absolute link opens that list.
 */
const PORTS = { tasks: 3181, indicators: 3182, notifications: 3183, reporting: 3184, web: 3185 };
const INVALID = 300;
/** A development subscriber (SEED_DEV_SUBSCRIBERS): a reporter of STTTT. */
const REPORTER = bearer({ sub: 'dev-sttt-reporter', agency: 'STTTT', roles: ['reporter'] });

interface InboxItem {
  rule: string;
  subject: string;
  body: string;
}

describe('an agency hears why its events were refused (npm start)', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await RunningPlatform.start('rejections', PORTS, { extraEnv: { SEED_DEV_SUBSCRIBERS: 'true' } });
  });

  afterAll(async () => {
    await platform?.dispose();
  });

  it(`lists ${INVALID} refused events with their reasons and tells the reporter once`, async () => {
    const prefix = platform.prefix;
    const batch: AgencyMessage[] = [
      {
        key: 'BTS_COUNT',
        value: JSON.stringify({ indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2024S2', value: 12 }),
        headers: agencyReportHeaders('STTTT', 'e2e-valid'),
      },
    ];
    for (let i = 0; i < INVALID; i++) {
      const kind = i % 3;
      batch.push({
        key: 'BTS_COUNT',
        value:
          kind === 0
            ? '{"indicatorCode": '
            : JSON.stringify({ indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2024S2', value: i }),
        headers: {
          ...agencyReportHeaders('STTTT', `e2e-invalid-${i}`),
          ...(kind === 1 ? { ce_time: '9999-01-01T00:00:00Z' } : {}),
          ...(kind === 2 ? { ce_source: '/agencies/STC' } : {}),
        },
      });
    }
    const producer = await AgencyProducer.connect('e2e-rejections');
    try {
      await producer.send(`${prefix}dx.agency.STTTT.indicator-values`, batch);
    } finally {
      await producer.close();
    }

    const indicators = `http://127.0.0.1:${PORTS.indicators}`;
    const listed = await waitFor(
      async () => {
        const res = await fetch(`${indicators}/v1/rejections?limit=500`, { headers: REPORTER });
        const body = (await res.json()) as { items: { eventId: string; reasonCode: string }[] };
        return body.items.length >= INVALID ? body.items : undefined;
      },
      120000,
      `the ${INVALID} refusals to be listed`,
    );
    expect(listed).toHaveLength(INVALID);
    const counts: Record<string, number> = {};
    for (const r of listed) counts[r.reasonCode] = (counts[r.reasonCode] ?? 0) + 1;
    expect(counts).toEqual({ 'body-not-json': 100, 'time-in-future': 100, 'source-mismatch': 100 });
    expect(new Set(listed.map((r) => r.eventId)).size).toBe(INVALID);
    expect(listed.some((r) => r.eventId === 'e2e-valid')).toBe(false);

    // The batch's one summary, and the rules engine has read everything on its topic.
    const [summary, ...more] = await readTopicUntil(`${prefix}dx.rejections.events`, (r) => r.length >= 1, 60000);
    expect(more).toEqual([]);
    expect(JSON.parse(String(summary.value))).toMatchObject({ agency: 'STTTT', count: INVALID });
    await waitForGroupCaughtUp(`${prefix}notifications-rules`, [`${prefix}dx.rejections.events`], 60000);

    const inbox = await waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${PORTS.notifications}/v1/inbox?limit=100`, { headers: REPORTER });
        const body = (await res.json()) as { items: InboxItem[] };
        const notices = body.items.filter((n) => n.rule === 'agency-events-rejected');
        return notices.length > 0 ? notices : undefined;
      },
      60000,
      'the notice in the reporter’s inbox',
    );
    expect(inbox).toHaveLength(1);
    const [notice] = inbox;
    expect(notice.subject).toBe(`Dữ liệu bị từ chối: ${INVALID} sự kiện của STTTT`);
    expect(notice.body).toContain('body-not-json × 100');
    const link = /(http:\/\/127\.0\.0\.1:3182\/v1\/rejections\?\S+)$/.exec(notice.body)?.[1];
    expect(link).toBeDefined();
    const opened = (await (await fetch(link as string, { headers: REPORTER })).json()) as {
      items: { eventId: string }[];
      nextCursor: string | null;
    };
    expect(opened.items).toHaveLength(50);
    expect(opened.nextCursor).not.toBeNull();
    expect(opened.items.every((r) => r.eventId.startsWith('e2e-invalid-'))).toBe(true);
  });
});
