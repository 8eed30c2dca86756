import { actingAs, type RunningTasks, startTasks } from './tasks-app';
import { DeadlineScheduler, type SchedulerRun } from '../src/scheduler/deadline-scheduler';

/*
 * Two replicas of the tasks service on one database run the deadline scheduler at the same moments. Each
 * due-soon, overdue and escalation fires exactly once per task and deadline; the clock is moved, not waited for.
 */
describe('deadline scheduler with two replicas', () => {
  let a: RunningTasks;
  let b: RunningTasks;
  const env = {
    DUE_SOON_WORKING_DAYS: '5',
    ESCALATE_OFFICER_AFTER_WORKING_DAYS: '1',
    ESCALATE_AGENCY_HEAD_AFTER_WORKING_DAYS: '5',
    ESCALATE_PROVINCIAL_OFFICE_AFTER_WORKING_DAYS: '10',
  };

  const at = (iso: string) => {
    a.setNow(new Date(iso));
    b.setNow(new Date(iso));
  };
  /** Both replicas fire together, three times over. */
  const runBoth = async (): Promise<SchedulerRun[]> => {
    const runs: SchedulerRun[] = [];
    for (let i = 0; i < 3; i++)
      runs.push(
        ...(await Promise.all([a.app.get(DeadlineScheduler).runOnce(), b.app.get(DeadlineScheduler).runOnce()])),
      );
    return runs;
  };
  const fired = async (type: string, code: string) =>
    (await a.db.query(`SELECT payload FROM outbox WHERE event_type = $1 AND payload->>'code' = $2 ORDER BY id`, [
      type,
      code,
    ])) as { payload: Record<string, unknown> }[];

  beforeAll(async () => {
    a = await startTasks('tasks-sched', env);
    b = await startTasks('tasks-sched', env, { database: a.database, topicPrefix: a.topicPrefix });
    at('2026-11-27T03:00:00Z'); // Friday 27 November 2026, 10:00 in Vietnam
    const office = actingAs(a.url, 'SKHCN', 'programme-office');
    const task = (code: string, dueDate: string) =>
      office.post('/v1/tasks', {
        parentCode: 'G1.N6',
        code: `G1.N6.${code}`,
        titleVi: `Nhiệm vụ ${code}`,
        titleEn: `Task ${code}`,
        weight: 1,
        leadAgency: 'SYT',
        coordinatingAgencies: [],
        reviewerAgency: 'SKHCN',
        dueDate,
      });
    await task('S1', '2026-12-04'); // 5 working days away
    await task('S2', '2027-02-26'); // far away
    await task('S3', '2026-12-02'); // due soon, but approved before anything fires
    for (const code of ['S1', 'S2', 'S3'])
      await office.post(`/v1/tasks/G1.N6.${code}/transitions`, { action: 'assign' });
    const lead = actingAs(a.url, 'SYT', 'reporter');
    await lead.post('/v1/tasks/G1.N6.S3/transitions', { action: 'start' });
    await lead.post('/v1/tasks/G1.N6.S3/transitions', { action: 'submit' });
    await actingAs(a.url, 'SKHCN', 'approver').post('/v1/tasks/G1.N6.S3/transitions', { action: 'approve' });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('fires due-soon once, from one replica, for the open task within the window', async () => {
    const runs = await runBoth();
    expect(runs.flatMap((r) => r.dueSoon)).toEqual(['G1.N6.S1']);
    expect(await fired('dx.task.due-soon', 'G1.N6.S1')).toEqual([
      { payload: expect.objectContaining({ workingDaysLeft: 5, dueDate: '2026-12-04', state: 'ASSIGNED' }) },
    ]);
    expect(await fired('dx.task.due-soon', 'G1.N6.S2')).toEqual([]);
    expect(await fired('dx.task.due-soon', 'G1.N6.S3')).toEqual([]);
  });

  it('fires overdue once a working day has passed, then escalates up the chain after the delays', async () => {
    at('2026-12-05T03:00:00Z'); // Saturday: no working day has passed since Friday's deadline
    expect((await runBoth()).flatMap((r) => r.overdue)).toEqual([]);

    at('2026-12-07T03:00:00Z'); // Monday: 1 working day overdue
    let runs = await runBoth();
    expect(runs.flatMap((r) => r.overdue)).toEqual(['G1.N6.S1']);
    expect(runs.flatMap((r) => r.escalated)).toEqual([{ code: 'G1.N6.S1', level: 'officer' }]);

    at('2026-12-10T03:00:00Z'); // 4 working days: nothing new
    runs = await runBoth();
    expect(runs.flatMap((r) => [...r.overdue, ...r.escalated])).toEqual([]);

    at('2026-12-11T03:00:00Z'); // 5 working days: the agency head
    expect((await runBoth()).flatMap((r) => r.escalated)).toEqual([{ code: 'G1.N6.S1', level: 'agency-head' }]);

    at('2026-12-18T03:00:00Z'); // 10 working days: the provincial People's Committee office
    expect((await runBoth()).flatMap((r) => r.escalated)).toEqual([{ code: 'G1.N6.S1', level: 'provincial-office' }]);

    expect((await fired('dx.task.overdue', 'G1.N6.S1')).map((e) => e.payload.workingDaysOverdue)).toEqual([1]);
    expect((await fired('dx.task.escalated', 'G1.N6.S1')).map((e) => [e.payload.level, e.payload.escalatedTo])).toEqual(
      [
        ['officer', 'SYT'],
        ['agency-head', 'SYT'],
        ['provincial-office', 'VPUBND'],
      ],
    );
    const history = (await actingAs(a.url, 'SKHCN', 'viewer').get('/v1/tasks/G1.N6.S1/history')).body.data as {
      action: string;
    }[];
    expect(history.filter((h) => h.action === 'escalated')).toHaveLength(3);
  });

  it('starts over for an extended deadline, which stays in the history', async () => {
    const office = actingAs(a.url, 'SKHCN', 'programme-office');
    expect(
      (await office.post('/v1/tasks/G1.N6.S1/deadline', { dueDate: '2026-12-23', reason: 'Chờ phê duyệt dự toán' }))
        .status,
    ).toBe(200);
    const runs = await runBoth(); // still 2026-12-18: 3 working days to the new deadline
    expect(runs.flatMap((r) => r.dueSoon)).toEqual(['G1.N6.S1']);
    expect(
      (await fired('dx.task.due-soon', 'G1.N6.S1')).map((e) => [e.payload.dueDate, e.payload.workingDaysLeft]),
    ).toEqual([
      ['2026-12-04', 5],
      ['2026-12-23', 3],
    ]);
    expect((await fired('dx.task.deadline-extended', 'G1.N6.S1'))[0].payload).toMatchObject({
      previousDueDate: '2026-12-04',
      dueDate: '2026-12-23',
      reason: 'Chờ phê duyệt dự toán',
    });
    const [{ n }] = await a.db.query(`SELECT count(*)::int AS n FROM task_reminders`);
    expect(n).toBe(6); // due-soon ×2, overdue, three escalations
  });
});
