import { AgencyProducer, agencyReportHeaders, readTopic, waitFor } from '@dxhub/testing';
import { randomUUID } from 'node:crypto';
import { actingAs, type RunningTasks, startManualHealthTask, startTasks } from './tasks-app';

/*
 * Agencies report task progress on their own topics dx.agency.<code>.task-progress. Good reports move the task
 * once per ce_id; bad ones go to <topic>.dlq with the reason, and the events beside them go on.
 */
describe('task progress from agencies (Kafka)', () => {
  let svc: RunningTasks;
  let producer: AgencyProducer;
  const headers = (agency: string, id: string = randomUUID(), source = `/agencies/${agency}`) => ({
    ...agencyReportHeaders(agency, id),
    ce_type: 'dx.task-progress.reported',
    ce_source: source,
  });

  beforeAll(async () => {
    svc = await startTasks('tasks-intake');
    producer = await AgencyProducer.connect('tasks-intake-agency');
    // G3.N8.T2 (electronic health records) is measured by EHR_POP; a manual task beside it takes reports.
    await startManualHealthTask(svc.url);
  });
  afterAll(async () => {
    await producer?.close();
    await svc?.close();
  });

  it('applies good reports once and dead-letters the bad ones with their reasons', async () => {
    const syt = `${svc.topicPrefix}dx.agency.SYT.task-progress`;
    const snv = `${svc.topicPrefix}dx.agency.SNV.task-progress`;
    const body = (data: Record<string, unknown>) => JSON.stringify(data);
    const good = randomUUID();
    await producer.send(syt, [
      {
        key: 'G3.N8.K1',
        value: body({
          taskCode: 'G3.N8.K1',
          percent: 35,
          note: 'Bệnh viện tỉnh xong',
          evidenceLinks: ['https://syt.tiengiang.gov.vn/ba-dien-tu'],
        }),
        headers: headers('SYT', good),
      },
      { key: 'G3.N8.K1', value: body({ taskCode: 'G3.N8.K1', percent: 35 }), headers: headers('SYT', good) }, // duplicate ce_id
      {
        key: 'G3.N8.K1',
        value: body({ taskCode: 'G3.N8.K1', percent: 90 }),
        headers: headers('SYT', randomUUID(), '/agencies/SNV'),
      }, // forged source
      { key: 'G3.N8.K1', value: body({ taskCode: 'G3.N8.K1', percent: 150 }), headers: headers('SYT') },
      {
        key: 'G3.N8.K1',
        value: body({ taskCode: 'G3.N8.K1', percent: 50, evidenceLinks: ['http://plain.example'] }),
        headers: headers('SYT'),
      },
      { key: 'X', value: body({ taskCode: 'G9.T9', percent: 10 }), headers: headers('SYT') },
      { key: 'G3.N8.K1', value: 'not json', headers: headers('SYT') },
    ]);
    await producer.send(snv, [
      { key: 'G3.N8.K1', value: body({ taskCode: 'G3.N8.K1', percent: 99 }), headers: headers('SNV') },
    ]);

    const letters = await readTopic(`${syt}.dlq`, 5, 60000);
    const reasons = letters.map((l) => l.headers.dx_dlq_reason).sort();
    expect(reasons).toHaveLength(5);
    expect(reasons.some((r) => /ce_source '\/agencies\/SNV' does not match the topic's agency/.test(r))).toBe(true);
    expect(reasons.some((r) => /percent must not be greater than 100/.test(r))).toBe(true);
    expect(reasons.some((r) => /evidenceLinks must be https URLs/.test(r))).toBe(true);
    expect(reasons.some((r) => /no task 'G9.T9'/.test(r))).toBe(true);
    expect(
      letters.every(
        (l) =>
          l.headers.dx_dlq_original_topic === 'dx.agency.SYT.task-progress' || l.headers.dx_dlq_original_topic === syt,
      ),
    ).toBe(true);
    const [other] = await readTopic(`${snv}.dlq`, 1, 60000);
    expect(other.headers.dx_dlq_reason).toMatch(/^task-step-by-lead-agency: /);

    const office = actingAs(svc.url, 'SKHCN', 'viewer');
    const task = await waitFor(
      async () => {
        const t = await office.get('/v1/tasks/G3.N8.K1');
        return t.body.progressPercent === 35 ? t.body : undefined;
      },
      30000,
      'the progress to be applied',
    );
    expect(task.progressPercent).toBe(35);
    const [{ n }] = await svc.db.query(`SELECT count(*)::int AS n FROM task_progress_reports`);
    expect(n).toBe(1);
    const history = (await office.get('/v1/tasks/G3.N8.K1/history')).body.data;
    expect(history).toContainEqual(
      expect.objectContaining({ action: 'progress-reported', actor: 'kafka:SYT', agency: 'SYT' }),
    );
    const [audit] = await svc.db.query(
      `SELECT actor, agency, action, source, request_id AS "requestId" FROM audit_log WHERE action = 'task-progress.reported'`,
    );
    expect(audit).toEqual({
      actor: 'kafka:SYT',
      agency: 'SYT',
      action: 'task-progress.reported',
      source: 'kafka:dx.agency.SYT.task-progress',
      requestId: good,
    });

    // The relay published the change on dx.tasks.events, keyed by the task id.
    const events = await readTopic(`${svc.topicPrefix}dx.tasks.events`, 3, 30000);
    const progress = events.find((e) => e.headers.ce_type === 'dx.task.progress-updated');
    expect(progress?.key).toBe(task.id);
    expect(JSON.parse(String(progress?.value))).toMatchObject({
      code: 'G3.N8.K1',
      progressPercent: 35,
      state: 'IN_PROGRESS',
      leadAgency: 'SYT',
    });
  });
});

describe('tasks measured by indicators (dx.indicators.events)', () => {
  let svc: RunningTasks;
  let producer: AgencyProducer;
  const figure = (over: Record<string, unknown>) => ({
    indicatorCode: 'FIBRE_HH',
    orgUnitCode: '82',
    orgUnitName: 'Tỉnh Tiền Giang',
    period: '2025',
    aggregation: 'RATIO',
    value: 74.15,
    numerator: 7415,
    denominator: 10000,
    valueCount: 11,
    version: 3,
    updatedAt: '2026-01-15T03:04:05.000Z',
    ...over,
  });
  const headers = (type: string) => ({
    ...agencyReportHeaders('X', randomUUID()),
    ce_type: type,
    ce_source: '/services/indicators',
  });
  /** One aggregate, as the service published them before it published them together. */
  const aggregate = (over: Record<string, unknown>) => ({
    key: 'FIBRE_HH',
    value: JSON.stringify(figure(over)),
    headers: headers('dx.indicator-aggregate.updated'),
  });
  /** Aggregates together, as the service publishes them. */
  const aggregates = (...overs: Record<string, unknown>[]) => ({
    key: 'FIBRE_HH',
    value: JSON.stringify({
      indicatorCode: 'FIBRE_HH',
      aggregates: overs.map((over, i) => ({ id: `aggregate:FIBRE_HH:${i}:v${randomUUID()}`, ...figure(over) })),
    }),
    headers: headers('dx.indicator-aggregates.updated'),
  });

  beforeAll(async () => {
    svc = await startTasks('tasks-indicators');
    producer = await AgencyProducer.connect('tasks-indicators-test');
  });
  afterAll(async () => {
    await producer?.close();
    await svc?.close();
  });

  it("moves a task by the province's yearly value against its target, ignoring other units, months and older versions", async () => {
    await producer.send(`${svc.topicPrefix}dx.indicators.events`, [
      // (74.15 − 68.3) / (80 − 68.3) = 50 %, beside a district's figure (ignored)
      aggregates({}, { orgUnitCode: '815', value: 80, version: 9 }),
      aggregate({ version: 2, value: 80 }), // older version of the same year: ignored
      aggregate({ period: '202512', value: 80, version: 9 }), // a month: ignored
    ]);
    const viewer = actingAs(svc.url, 'SKHCN', 'viewer');
    const task = await waitFor(
      async () => {
        const t = await viewer.get('/v1/tasks/G1.N4.T2');
        return t.body.progressPercent > 0 ? t.body : undefined;
      },
      30000,
      'the indicator reading',
    );
    expect(task).toMatchObject({
      progressSource: 'indicators',
      progressPercent: 50,
      indicators: [{ indicatorCode: 'FIBRE_HH', baseline: 68.3, target: 80, value: 74.15 }],
    });
  });
});
