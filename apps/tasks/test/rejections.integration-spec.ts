import type { RejectionsPage as Page } from '@dxhub/messaging';
import { AgencyProducer, agencyReportHeaders, bearer, readTopicUntil, waitFor } from '@dxhub/testing';
import { actingAs, type RunningTasks, startManualHealthTask, startTasks } from './tasks-app';

/*
 * Agencies hear why their progress reports were refused: GET /v1/rejections on the tasks service lists what the
 * pipeline dead-lettered from each agency's task-progress topic and what the REST progress intake refused, for
 * that agency only, and dx.rejections.events carries one summary per batch. Real broker and database.
 */
describe('GET /v1/rejections on tasks (Kafka + REST, PostgreSQL)', () => {
  let svc: RunningTasks;
  let producer: AgencyProducer;
  const SYT = 'dx.agency.SYT.task-progress';
  const SNV = 'dx.agency.SNV.task-progress';

  const rejections = async (agency: string, query = ''): Promise<{ status: number; body: Page }> => {
    const res = await fetch(`${svc.url}/v1/rejections${query}`, { headers: bearer({ agency, roles: ['reporter'] }) });
    return { status: res.status, body: (await res.json()) as Page };
  };
  const progress = (id: string, agency: string, body: unknown, headers: Record<string, string> = {}) => ({
    key: 'G3.N8.K1',
    value: typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      ...agencyReportHeaders(agency, id),
      ce_type: 'dx.task-progress.reported',
      ...headers,
    },
  });

  beforeAll(async () => {
    svc = await startTasks('tasks-rejections');
    producer = await AgencyProducer.connect('tasks-rejections-agency');
    await startManualHealthTask(svc.url);

    await producer.send(`${svc.topicPrefix}${SYT}`, [
      progress('tp-ok', 'SYT', { taskCode: 'G3.N8.K1', percent: 35 }),
      progress('tp-bad-json', 'SYT', '{"taskCode": '),
      progress('tp-future', 'SYT', { taskCode: 'G3.N8.K1', percent: 40 }, { ce_time: '9999-01-01T00:00:00Z' }),
      progress('tp-forged', 'SYT', { taskCode: 'G3.N8.K1', percent: 90 }, { ce_source: '/agencies/SNV' }),
    ]);
    // SNV does not lead the task: refused by the service's rule, on SNV's own topic.
    await producer.send(`${svc.topicPrefix}${SNV}`, [
      progress('tp-not-lead', 'SNV', { taskCode: 'G3.N8.K1', percent: 99 }),
    ]);
    await waitFor(
      async () =>
        (await rejections('SYT')).body.items.length === 3 && (await rejections('SNV')).body.items.length === 1
          ? true
          : undefined,
      60000,
      'the refusals of both agencies to be listed',
    );
  });

  afterAll(async () => {
    await producer?.close();
    await svc?.close();
  });

  it('lists each agency exactly its own refused events with their reasons; the valid one is applied', async () => {
    const syt = (await rejections('SYT')).body;
    expect(syt.nextCursor).toBeNull();
    expect(syt.items.map((r) => [r.eventId, r.reasonCode, r.topic, r.partition, r.offset])).toEqual([
      ['tp-forged', 'source-mismatch', SYT, 0, '3'],
      ['tp-future', 'time-in-future', SYT, 0, '2'],
      ['tp-bad-json', 'body-not-json', SYT, 0, '1'],
    ]);
    const [snv] = (await rejections('SNV')).body.items;
    expect(snv).toMatchObject({
      eventId: 'tp-not-lead',
      channel: 'kafka',
      reasonCode: 'refused',
      topic: SNV,
      eventType: 'dx.task-progress.reported',
    });
    expect(snv.reason).toMatch(/^task-step-by-lead-agency: /);
    expect((await rejections('SKHCN')).body).toEqual({ items: [], nextCursor: null });
    expect((await rejections('SNV', '?agency=SYT')).status).toBe(403);

    const task = await actingAs(svc.url, 'SKHCN', 'viewer').get('/v1/tasks/G3.N8.K1');
    expect(task.body.progressPercent).toBe(35);
  });

  it('filters by reason and pages by cursor', async () => {
    expect((await rejections('SYT', '?reasonCode=source-mismatch')).body.items.map((r) => r.eventId)).toEqual([
      'tp-forged',
    ]);
    const first = (await rejections('SYT', '?limit=2')).body;
    expect(first.items.map((r) => r.eventId)).toEqual(['tp-forged', 'tp-future']);
    const second = (await rejections('SYT', `?limit=2&cursor=${first.nextCursor}`)).body;
    expect(second).toEqual({ items: [expect.objectContaining({ eventId: 'tp-bad-json' })], nextCursor: null });
  });

  it('lists a refused REST progress report with channel rest, its answer unchanged', async () => {
    const res = await fetch(`${svc.url}/v1/tasks/G3.N8.K1/progress`, {
      method: 'POST',
      headers: {
        ...bearer({ agency: 'SNV', roles: ['reporter'] }),
        'content-type': 'application/json',
        'idempotency-key': 'snv-try-1',
      },
      body: JSON.stringify({ percent: 50 }),
    });
    expect(res.status).toBe(403);
    const [latest] = (await rejections('SNV', '?limit=1')).body.items;
    expect(latest).toMatchObject({
      eventId: 'rest:snv-try-1',
      channel: 'rest',
      reasonCode: 'refused',
      topic: null,
      partition: null,
      offset: null,
    });
    expect(latest.reason).toMatch(/^task-step-by-lead-agency: /);
  });

  it('tells each agency once per batch or request', async () => {
    const records = await readTopicUntil(`${svc.topicPrefix}dx.rejections.events`, (r) => r.length >= 3, 30000);
    const events = records.map((r) => JSON.parse(String(r.value)) as Record<string, unknown>);
    expect(events).toHaveLength(3);
    expect(events.map((e) => [e.agency, e.service, e.channel, e.count]).sort()).toEqual([
      ['SNV', 'tasks', 'kafka', 1],
      ['SNV', 'tasks', 'rest', 1],
      ['SYT', 'tasks', 'kafka', 3],
    ]);
  });
});
