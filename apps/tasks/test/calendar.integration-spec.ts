import { actingAs, type RunningTasks, startTasks } from './tasks-app';

/*
 * Working days over REST against real PostgreSQL and Kafka: deadlines given in working days, the calendar and its
 * yearly notices, and the API's description.
 */
describe('tasks calendar and working days (REST)', () => {
  let svc: RunningTasks;
  let office: ReturnType<typeof actingAs>;
  let lead: ReturnType<typeof actingAs>;

  const newTask = (code: string, over: Record<string, unknown> = {}) => ({
    parentCode: 'G1.N5',
    code: `G1.N5.${code}`,
    titleVi: `Nhiệm vụ thử ${code}`,
    titleEn: `Test task ${code}`,
    weight: 1,
    leadAgency: 'SYT',
    coordinatingAgencies: ['SNV', 'STC'],
    reviewerAgency: 'SKHCN',
    dueDate: '2026-12-31',
    ...over,
  });

  beforeAll(async () => {
    svc = await startTasks('tasks-calendar');
    svc.setNow(new Date('2026-11-27T03:00:00Z'));
    office = actingAs(svc.url, 'SKHCN', 'programme-office');
    lead = actingAs(svc.url, 'SYT', 'reporter');
  });
  afterAll(() => svc?.close());

  it('counts deadlines in working days when asked to', async () => {
    const { dueDate: _omit, ...noDate } = newTask('WD1');
    void _omit;
    // Friday 2026-11-27 + 10 working days = Friday 2026-12-11.
    expect((await office.post('/v1/tasks', { ...noDate, dueInWorkingDays: 10 })).body.dueDate).toBe('2026-12-11');
    expect(await office.post('/v1/tasks', { ...newTask('WD2'), dueInWorkingDays: 10 })).toMatchObject({
      status: 400,
      body: { error: 'INVALID_DEADLINE' },
    });
    expect(
      (await office.post('/v1/tasks/G1.N5.WD1/deadline', { byWorkingDays: 5, reason: 'Thêm một tuần' })).body.dueDate,
    ).toBe('2026-12-18');
  });

  it('describes the API in OpenAPI', async () => {
    const doc = (await (await fetch(`${svc.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/v1/programme',
      '/v1/tasks',
      '/v1/tasks/graph',
      '/v1/tasks/{ref}',
      '/v1/tasks/{ref}/transitions',
      '/v1/tasks/{ref}/progress',
      '/v1/tasks/{ref}/deadline',
      '/v1/tasks/{ref}/dependencies',
      '/v1/tasks/{ref}/contributions/{agency}/complete',
      '/v1/calendar/{year}',
      '/v1/calendar/notices',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('serves the working-day calendar and takes the yearly notice of days off', async () => {
    const y2026 = await office.get('/v1/calendar/2026');
    expect(y2026.body.holidays).toContainEqual({ date: '2026-02-17', name: 'Tết Nguyên Đán' });
    expect((await office.get('/v1/calendar/working-days?from=2026-02-12&to=2026-02-24&add=1')).body).toMatchObject({
      workingDays: 3,
      date: '2026-02-13',
    });
    expect(
      await lead.post('/v1/calendar/notices', { year: 2027, daysOff: [], workingDays: [], replaces: [] }),
    ).toMatchObject({ status: 403, body: { rule: 'role-required' } });
    expect(
      await office.post('/v1/calendar/notices', { year: 2027, daysOff: ['2026-02-04'], workingDays: [], replaces: [] }),
    ).toMatchObject({ status: 400 });
    const notice = await office.post('/v1/calendar/notices', {
      year: 2027,
      daysOff: ['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'],
      workingDays: ['2027-02-20'],
      replaces: ['tet'],
      source: 'test notice',
    });
    expect(notice.status).toBe(201);
    const check = await office.get('/v1/calendar/working-days?from=2027-02-03&to=2027-02-12');
    expect(check.body.workingDays).toBe(2); // the 11th and the 12th
    expect((await office.get('/v1/calendar/working-days?from=2027-02-20')).body.isWorkingDay).toBe(true);
  });
});
