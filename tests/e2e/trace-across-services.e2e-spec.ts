import {
  AgencyProducer,
  agencyReportHeaders,
  bearer,
  type OtlpReceiver,
  readTopicUntil,
  type ReceivedSpan,
  startOtlpReceiver,
  waitFor,
} from '@dxhub/testing';
import { randomBytes } from 'node:crypto';
import { RunningPlatform } from './running-platform';

/*
 * One agency event, one trace (issue 21, point 1): the platform started as `npm start` starts it, each service
 * exporting by OTLP to a receiver in this process; a plain Kafka producer playing an agency publishes one
 * indicator report with a `ce_traceparent` header. The events the intake publishes on dx.indicators.events
 * carry the same trace id, and the spans of indicators (the event, its transaction, the outbox relay's publish),
 * notifications (the awaiting-approval notice) and reporting (the aggregate's projection) form one connected
 * trace under the agency's span. The trace is printed, for the record. An event without trace context is traced
 * in its batch's trace instead. About 60 s.
 */
const PORTS = { tasks: 3201, indicators: 3202, notifications: 3203, reporting: 3204, web: 3205 };

/** Spans of `traceId` whose parent is not in the trace, the agency's own span (not exported) excepted. */
function dangling(spans: ReceivedSpan[], agencySpanId: string): ReceivedSpan[] {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.filter((s) => s.parentSpanId !== agencySpanId && !ids.has(s.parentSpanId));
}

/** The trace as an indented tree, one span a line: service, kind, name. */
function printTrace(spans: ReceivedSpan[], agencySpanId: string): string {
  const children = new Map<string, ReceivedSpan[]>();
  for (const s of spans) children.set(s.parentSpanId, [...(children.get(s.parentSpanId) ?? []), s]);
  for (const list of children.values()) list.sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
  const lines = [`agency ${agencySpanId} (the agency's span, in its ce_traceparent)`];
  const walk = (parent: string, depth: number) => {
    for (const s of children.get(parent) ?? []) {
      const statement = s.attributes['db.query.text'] ?? s.attributes['db.statement'];
      const type = s.attributes['cloudevents.event_type'];
      const detail =
        typeof statement === 'string'
          ? `: ${statement.replace(/\s+/g, ' ').slice(0, 60)}`
          : typeof type === 'string'
            ? ` (${type})`
            : '';
      lines.push(`${'  '.repeat(depth)}${s.service} ${s.spanId} ${s.kind} "${s.name}"${detail}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(agencySpanId, 1);
  return lines.join('\n');
}

describe('one agency event, one trace across indicators, notifications and reporting', () => {
  let receiver: OtlpReceiver;
  let platform: RunningPlatform;
  const office = {
    ...bearer({ agency: 'STTTT', roles: ['programme-office', 'admin'] }),
    'content-type': 'application/json',
  };
  const approver = bearer({ agency: 'SKHCN', roles: ['approver'], sub: 'thu' });

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    platform = await RunningPlatform.start('traces', PORTS, {
      extraEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
  });

  afterAll(async () => {
    await platform?.dispose();
    await receiver?.close();
  });

  it('continues the agency’s trace to the province aggregate, the notice and the reporting projection', async () => {
    // An approver of the programme office (STTTT's, merged into SKHCN in 2025), to receive the awaiting-approval notice.
    const put = await fetch(`http://127.0.0.1:${PORTS.notifications}/v1/subscribers/thu`, {
      method: 'PUT',
      headers: office,
      body: JSON.stringify({ agencyCode: 'SKHCN', roles: ['approver'], email: 'thu@skhcn.example.vn', locale: 'vi' }),
    });
    expect(put.status).toBe(200);

    const traceId = randomBytes(16).toString('hex');
    const agencySpanId = randomBytes(8).toString('hex');
    const producer = await AgencyProducer.connect('traces-agency');
    try {
      await producer.send(`${platform.prefix}dx.agency.STTTT.indicator-values`, [
        {
          key: 'BTS_COUNT',
          value: JSON.stringify({ indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S2', value: 42.5 }),
          headers: {
            ...agencyReportHeaders('STTTT', 'traced-report-1'),
            ce_traceparent: `00-${traceId}-${agencySpanId}-01`,
            ce_tracestate: 'stttt=intake-gateway',
          },
        },
      ]);
    } finally {
      await producer.close();
    }

    // The intake's events carry the agency's trace id (and its tracestate).
    const traced = (records: { headers: Record<string, string> }[]) =>
      records.filter((r) => r.headers.ce_traceparent?.split('-')[1] === traceId);
    const types = (records: { headers: Record<string, string> }[]) =>
      new Set(traced(records).map((r) => r.headers.ce_type));
    const published = await readTopicUntil(
      `${platform.prefix}dx.indicators.events`,
      (records) =>
        types(records).has('dx.indicator-aggregates.updated') &&
        types(records).has('dx.indicator-value.awaiting-approval'),
      60000,
    );
    // (The reader stops at its timeout too: the types are checked.)
    expect([...types(published)].sort()).toEqual(
      expect.arrayContaining(['dx.indicator-aggregates.updated', 'dx.indicator-value.awaiting-approval']),
    );
    for (const record of traced(published)) {
      expect(record.headers.ce_traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect(record.headers.ce_traceparent).not.toContain(agencySpanId);
      expect(record.headers.ce_tracestate).toBe('stttt=intake-gateway');
    }

    // The province aggregate, through the reporting projection; the notice, in the approver's inbox.
    const province = await waitFor(
      async () => {
        const res = await fetch(
          `http://127.0.0.1:${PORTS.reporting}/v1/aggregates?indicator=BTS_COUNT&orgUnit=82&period=2024S2`,
          { headers: bearer({ agency: 'SYT', roles: ['viewer'] }) },
        );
        return res.ok ? ((await res.json()) as { value: number }) : undefined;
      },
      60000,
      'the province aggregate in reporting',
    );
    expect(province.value).toBe(42.5);
    const notice = await waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${PORTS.notifications}/v1/inbox?limit=10`, { headers: approver });
        const body = (await res.json()) as { items: { subject: string }[] };
        return body.items.find((i) => i.subject.includes('BTS_COUNT'));
      },
      60000,
      'the awaiting-approval notice in the approver’s inbox',
    );
    expect(notice.subject).toBe('Số liệu chờ phê duyệt: BTS_COUNT 2024S2');

    // One connected trace: every span hangs from another span of the trace, up to the agency's.
    const process = (service: string, topic: string) => (s: ReceivedSpan) =>
      s.service === service && s.kind === 'consumer' && s.name === `process ${topic}`;
    const inTrace = (service: string, name: string) => (spans: ReceivedSpan[]) =>
      spans.some((s) => s.service === service && s.name === name);
    await receiver.waitFor(
      () => {
        const spans = receiver.trace(traceId);
        return (
          spans.some(process('indicators', 'dx.agency.STTTT.indicator-values')) &&
          inTrace('indicators', 'publish dx.indicators.events')(spans) &&
          spans.some(process('notifications', 'dx.indicators.events')) &&
          spans.some(process('reporting', 'dx.indicators.events')) &&
          inTrace('notifications', 'apply events')(spans) &&
          inTrace('reporting', 'apply events')(spans) &&
          dangling(spans, agencySpanId).length === 0
        );
      },
      60000,
      `the trace ${traceId} from indicators, notifications and reporting, connected`,
    );
    const spans = receiver.trace(traceId);

    console.log(`trace ${traceId}, ${spans.length} spans:\n${printTrace(spans, agencySpanId)}`);
    expect(dangling(spans, agencySpanId)).toEqual([]);

    // The agency's span is the parent of the intake's processing of its event, and of nothing else.
    const intake = spans.filter((s) => s.parentSpanId === agencySpanId);
    expect(intake.map((s) => `${s.service} ${s.kind} ${s.name}`)).toEqual([
      'indicators consumer process dx.agency.STTTT.indicator-values',
    ]);
    expect(intake[0].attributes['messaging.message.id']).toBe('traced-report-1');
    // Its transaction wrote the outbox rows the relay published: both publishes hang from the transaction.
    const transaction = spans.find(
      (s) => s.service === 'indicators' && s.name === 'apply events' && s.parentSpanId === intake[0].spanId,
    )!;
    expect(transaction).toBeDefined();
    const publishes = spans.filter((s) => s.name === 'publish dx.indicators.events');
    expect(publishes.length).toBeGreaterThanOrEqual(2);
    const ancestors = (span: ReceivedSpan): string[] => {
      const parent = spans.find((s) => s.spanId === span.parentSpanId);
      return parent ? [parent.spanId, ...ancestors(parent)] : [];
    };
    for (const p of publishes) expect(ancestors(p)).toContain(transaction.spanId);
    // The database work shows up inside the transactions: the intake's, the notice's, the projection's.
    const queriesUnder = (service: string) =>
      spans.filter((s) => s.service === service && s.scope.includes('pg') && s.kind === 'client');
    for (const service of ['indicators', 'notifications', 'reporting']) {
      expect({ service, queries: queriesUnder(service).length > 0 }).toEqual({ service, queries: true });
    }
    const statement = (s: ReceivedSpan) => String(s.attributes['db.query.text'] ?? s.attributes['db.statement'] ?? '');
    expect(queriesUnder('notifications').some((s) => /INSERT INTO notices/.test(statement(s)))).toBe(true);
    expect(receiver.refused()).toEqual([]);
  });

  it('traces an event that came without trace context as part of its batch, which starts the trace', async () => {
    const producer = await AgencyProducer.connect('traces-agency-untraced');
    try {
      await producer.send(`${platform.prefix}dx.agency.STTTT.indicator-values`, [
        {
          key: 'BTS_COUNT',
          value: JSON.stringify({ indicatorCode: 'BTS_COUNT', orgUnitCode: '816', period: '2024S2', value: 7 }),
          headers: agencyReportHeaders('STTTT', 'untraced-report-1'),
        },
      ]);
    } finally {
      await producer.close();
    }
    // The batch's receive span is a root; its trace holds the transaction, the publishes and the consumers.
    const batchTraced = (spans: ReceivedSpan[]) =>
      spans.find(
        (s) =>
          s.service === 'indicators' &&
          s.name === 'receive dx.agency.STTTT.indicator-values' &&
          receiver.trace(s.traceId).some((t) => t.name === 'apply events' && t.parentSpanId === s.spanId) &&
          receiver.trace(s.traceId).some((t) => t.service === 'reporting' && t.name === 'apply events'),
      );
    await receiver.waitFor((spans) => batchTraced(spans) !== undefined, 60000, 'the untraced event’s batch trace');
    const batch = batchTraced(receiver.spans())!;
    expect(batch.parentSpanId).toBe('');
    const spans = receiver.trace(batch.traceId);
    // No span of its own: the event is processed in its batch's span.
    expect(spans.filter((s) => s.name === 'process dx.agency.STTTT.indicator-values')).toEqual([]);
    expect(spans.filter((s) => s.name === 'publish dx.indicators.events').length).toBeGreaterThanOrEqual(1);
    // Its events went out in that trace.
    const published = await readTopicUntil(
      `${platform.prefix}dx.indicators.events`,
      (records) => records.some((r) => r.headers.ce_traceparent?.split('-')[1] === batch.traceId),
      30000,
    );
    expect(published.filter((r) => r.headers.ce_traceparent?.split('-')[1] === batch.traceId).length).toBeGreaterThan(
      0,
    );
  });
});
