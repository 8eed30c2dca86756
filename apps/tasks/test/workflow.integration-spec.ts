import { EVENT_CATALOG, type EventType, validatePayload } from '@dxhub/contracts';
import { actingAs, type RunningTasks, startTasks } from './tasks-app';

/*
 * The task workflow over REST against real PostgreSQL and Kafka: every step legal and illegal, who may take it,
 * contributions, dependencies, roll-up, deadline extensions, and the events each change leaves in the outbox.
 */
describe('tasks workflow (REST)', () => {
  let svc: RunningTasks;
  let office: ReturnType<typeof actingAs>;
  let lead: ReturnType<typeof actingAs>;
  let reviewer: ReturnType<typeof actingAs>;
  let snv: ReturnType<typeof actingAs>;
  let stc: ReturnType<typeof actingAs>;

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
  const step = (who: ReturnType<typeof actingAs>, code: string, action: string, reason?: string) =>
    who.post(`/v1/tasks/${code}/transitions`, reason === undefined ? { action } : { action, reason });

  beforeAll(async () => {
    svc = await startTasks('tasks-workflow');
    svc.setNow(new Date('2026-11-27T03:00:00Z'));
    office = actingAs(svc.url, 'SKHCN', 'programme-office');
    lead = actingAs(svc.url, 'SYT', 'reporter');
    reviewer = actingAs(svc.url, 'SKHCN', 'approver');
    snv = actingAs(svc.url, 'SNV', 'reporter');
    stc = actingAs(svc.url, 'STC', 'reporter');
  });
  afterAll(() => svc?.close());

  it('seeds the programme: the resolution, three goals, nine task groups, their tasks as DRAFT', async () => {
    const { status, body } = await office.get('/v1/programme');
    expect(status).toBe(200);
    const [resolution] = body.data as { code: string; children: { code: string; children: unknown[] }[] }[];
    expect(resolution.code).toBe('NQ08');
    expect(resolution.children.map((g) => g.code)).toEqual(['G1', 'G2', 'G3']);
    expect(resolution.children.flatMap((g) => g.children).length).toBe(9);
    const drafts = await office.get('/v1/tasks?state=DRAFT');
    expect(drafts.body.data.length).toBe(24);
  });

  it('adds and changes goals and task groups; their weights move the roll-up', async () => {
    expect(
      await office.post('/v1/programme', {
        kind: 'group',
        parentCode: 'G1',
        code: 'G1.N10',
        titleVi: 'Chuyển đổi số cấp xã',
        titleEn: 'Commune level',
        weight: 5,
      }),
    ).toMatchObject({
      status: 201,
      body: { code: 'G1.N10', kind: 'group', parentCode: 'G1', weight: 5, progressPercent: 0 },
    });
    expect(
      await office.post('/v1/programme', {
        kind: 'group',
        parentCode: 'NQ08',
        code: 'G1.N11',
        titleVi: 'x x',
        titleEn: 'x x',
        weight: 1,
      }),
    ).toMatchObject({ status: 400, body: { error: 'INVALID_PARENT' } });
    expect(
      await lead.post('/v1/programme', {
        kind: 'goal',
        parentCode: 'NQ08',
        code: 'G4',
        titleVi: 'x x',
        titleEn: 'x x',
        weight: 1,
      }),
    ).toMatchObject({ status: 403, body: { rule: 'role-required' } });
    expect(
      (await office.patch('/v1/programme/G1.N10', { weight: 2, titleEn: 'Digital transformation at commune level' }))
        .body,
    ).toMatchObject({ weight: 2, titleEn: 'Digital transformation at commune level' });
    expect((await office.get('/v1/programme/G1')).body).toMatchObject({ kind: 'goal', code: 'G1' });
  });

  it('walks a task through every step, refusing illegal ones with 409 and the allowed steps', async () => {
    expect((await office.post('/v1/tasks', newTask('W1'))).status).toBe(201);

    const early = await step(lead, 'G1.N5.W1', 'start');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      error: 'ILLEGAL_TRANSITION',
      details: { state: 'DRAFT', action: 'start', allowed: ['assign', 'cancel'] },
    });

    expect((await step(office, 'G1.N5.W1', 'assign')).body.state).toBe('ASSIGNED');
    expect((await step(lead, 'G1.N5.W1', 'start')).body.state).toBe('IN_PROGRESS');

    const blocked = await step(lead, 'G1.N5.W1', 'submit');
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({ error: 'CONTRIBUTIONS_OPEN', details: { openContributions: ['SNV', 'STC'] } });

    expect((await snv.post('/v1/tasks/G1.N5.W1/contributions/SNV/complete', { note: 'Đã bố trí cán bộ' })).status).toBe(
      200,
    );
    expect((await snv.post('/v1/tasks/G1.N5.W1/contributions/SNV/complete')).body.error).toBe(
      'CONTRIBUTION_ALREADY_COMPLETED',
    );
    expect((await stc.post('/v1/tasks/G1.N5.W1/contributions/STC/complete')).status).toBe(200);

    expect((await step(lead, 'G1.N5.W1', 'submit')).body.state).toBe('SUBMITTED');
    const noReason = await step(reviewer, 'G1.N5.W1', 'return');
    expect(noReason).toMatchObject({ status: 400, body: { error: 'REASON_REQUIRED' } });
    const returned = await step(reviewer, 'G1.N5.W1', 'return', 'Thiếu minh chứng');
    expect(returned.body.state).toBe('IN_PROGRESS');
    expect((await step(lead, 'G1.N5.W1', 'submit')).body.state).toBe('SUBMITTED');
    expect((await step(reviewer, 'G1.N5.W1', 'approve')).body).toMatchObject({
      state: 'APPROVED',
      progressPercent: 100,
      allowedActions: [],
    });

    for (const action of ['assign', 'start', 'submit', 'approve', 'return', 'cancel']) {
      const after = await step(office, 'G1.N5.W1', action, 'x');
      if (after.status !== 403)
        expect(after).toMatchObject({ status: 409, body: { details: { state: 'APPROVED', allowed: [] } } });
    }

    const history = await office.get('/v1/tasks/G1.N5.W1/history');
    expect(history.body.data.map((h: { action: string }) => h.action)).toEqual([
      'created',
      'assign',
      'start',
      'contribution-completed',
      'contribution-completed',
      'submit',
      'return',
      'submit',
      'approve',
    ]);
    expect(history.body.data.find((h: { action: string }) => h.action === 'return')).toMatchObject({
      reason: 'Thiếu minh chứng',
      fromState: 'SUBMITTED',
      toState: 'IN_PROGRESS',
      agency: 'SKHCN',
    });
  });

  it('answers every state × step with the table: legal steps pass, the others get 409 with the allowed ones', async () => {
    const allowed: Record<string, string[]> = {
      DRAFT: ['assign', 'cancel'],
      ASSIGNED: ['start', 'cancel'],
      IN_PROGRESS: ['submit', 'cancel'],
      SUBMITTED: ['approve', 'return', 'cancel'],
      CANCELLED: [],
    };
    const actorFor: Record<string, ReturnType<typeof actingAs>> = {
      assign: office,
      start: lead,
      submit: lead,
      approve: reviewer,
      return: reviewer,
      cancel: office,
    };
    const path = ['assign', 'start', 'submit'];
    let n = 0;
    for (const [state, legal] of Object.entries(allowed)) {
      for (const action of ['assign', 'start', 'submit', 'approve', 'return', 'cancel']) {
        const code = `M${++n}`;
        await office.post('/v1/tasks', newTask(code, { coordinatingAgencies: [] }));
        const reach =
          state === 'CANCELLED'
            ? ['cancel']
            : path.slice(0, ['DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED'].indexOf(state));
        for (const a of reach) expect((await step(actorFor[a], `G1.N5.${code}`, a, 'reason')).status).toBe(200);
        const res = await step(actorFor[action], `G1.N5.${code}`, action, 'reason');
        if (legal.includes(action))
          expect({ state, action, status: res.status }).toEqual({ state, action, status: 200 });
        else
          expect({ state, action, status: res.status, allowed: res.body.details?.allowed }).toEqual({
            state,
            action,
            status: 409,
            allowed: legal,
          });
      }
    }
  });

  it('refuses the wrong role or agency with 403 naming the rule', async () => {
    await office.post('/v1/tasks', newTask('R1'));
    const asLead = await step(lead, 'G1.N5.R1', 'assign');
    expect(asLead).toMatchObject({ status: 403, body: { rule: 'workflow-step-allowed-for-role' } });
    await step(office, 'G1.N5.R1', 'assign');
    expect(await step(snv, 'G1.N5.R1', 'start')).toMatchObject({
      status: 403,
      body: { rule: 'task-step-by-lead-agency' },
    });
    await step(lead, 'G1.N5.R1', 'start');
    expect(await snv.post('/v1/tasks/G1.N5.R1/contributions/STC/complete')).toMatchObject({
      status: 403,
      body: { rule: 'contribution-by-coordinating-agency' },
    });
    expect(await lead.post('/v1/tasks/G1.N5.R1/contributions/SYT/complete')).toMatchObject({
      status: 403,
      body: { rule: 'contribution-by-coordinating-agency' },
    });
    await snv.post('/v1/tasks/G1.N5.R1/contributions/SNV/complete');
    await stc.post('/v1/tasks/G1.N5.R1/contributions/STC/complete');
    await step(lead, 'G1.N5.R1', 'submit');
    const otherApprover = actingAs(svc.url, 'SYT', 'approver');
    expect(await step(otherApprover, 'G1.N5.R1', 'approve')).toMatchObject({
      status: 403,
      body: { rule: 'approver-approves-own' },
    });
    expect(await step(lead, 'G1.N5.R1', 'approve')).toMatchObject({
      status: 403,
      body: { rule: 'workflow-step-allowed-for-role' },
    });
    expect(await lead.post('/v1/tasks', newTask('R2'))).toMatchObject({ status: 403, body: { rule: 'role-required' } });
    expect(await step(lead, 'G1.N5.R1', 'cancel', 'no')).toMatchObject({
      status: 403,
      body: { rule: 'workflow-step-allowed-for-role' },
    });
    expect(await snv.post('/v1/tasks/G1.N5.R1/progress', { percent: 10 })).toMatchObject({ status: 403 });
  });

  it('needs a reason to cancel', async () => {
    await office.post('/v1/tasks', newTask('C1'));
    expect(await step(office, 'G1.N5.C1', 'cancel')).toMatchObject({ status: 400, body: { error: 'REASON_REQUIRED' } });
    expect(await step(office, 'G1.N5.C1', 'cancel', '   ')).toMatchObject({
      status: 400,
      body: { error: 'REASON_REQUIRED' },
    });
    expect((await step(office, 'G1.N5.C1', 'cancel', 'Gộp vào G1.N5.T1')).body.state).toBe('CANCELLED');
  });

  it('keeps a blocked task from starting until its blocker is done, and refuses loops', async () => {
    await office.post('/v1/tasks', newTask('B1', { coordinatingAgencies: [], leadAgency: 'STC' }));
    await office.post('/v1/tasks', newTask('B2', { coordinatingAgencies: [] }));
    expect((await office.post('/v1/tasks/G1.N5.B2/dependencies', { blockedBy: 'G1.N5.B1' })).body.blockedBy).toEqual([
      'G1.N5.B1',
    ]);
    expect(await office.post('/v1/tasks/G1.N5.B1/dependencies', { blockedBy: 'G1.N5.B2' })).toMatchObject({
      status: 409,
      body: { error: 'DEPENDENCY_CYCLE' },
    });
    await step(office, 'G1.N5.B1', 'assign');
    await step(office, 'G1.N5.B2', 'assign');
    expect(await step(lead, 'G1.N5.B2', 'start')).toMatchObject({
      status: 409,
      body: { error: 'TASK_BLOCKED', details: { blockedBy: ['G1.N5.B1'] } },
    });

    const graph = await office.get('/v1/tasks/graph');
    expect(graph.body.edges).toContainEqual({ from: 'G1.N5.B1', to: 'G1.N5.B2' });
    expect(graph.body.blocking).toContainEqual({
      agency: 'STC',
      blocks: [{ task: 'G1.N5.B1', blockedTask: 'G1.N5.B2', blockedAgency: 'SYT' }],
    });
    expect(graph.body.criticalPaths.map((p: { goal: string }) => p.goal)).toContain('G1');

    const stcLead = actingAs(svc.url, 'STC', 'reporter');
    await step(stcLead, 'G1.N5.B1', 'start');
    await step(stcLead, 'G1.N5.B1', 'submit');
    await step(reviewer, 'G1.N5.B1', 'approve');
    expect((await step(lead, 'G1.N5.B2', 'start')).body.state).toBe('IN_PROGRESS');
  });

  it('rolls progress up by weight from sub-tasks, exactly, and up the tree', async () => {
    await office.post('/v1/tasks', newTask('P1', { coordinatingAgencies: [], weight: 2 }));
    await office.post('/v1/tasks', {
      ...newTask('P1.S1', { coordinatingAgencies: [], weight: 1 }),
      parentCode: 'G1.N5.P1',
    });
    await office.post('/v1/tasks', {
      ...newTask('P1.S2', { coordinatingAgencies: [], weight: 3 }),
      parentCode: 'G1.N5.P1',
    });
    for (const code of ['G1.N5.P1.S1', 'G1.N5.P1.S2']) {
      await step(office, code, 'assign');
      await step(lead, code, 'start');
    }
    expect(
      (
        await lead.post('/v1/tasks/G1.N5.P1.S1/progress', {
          percent: 100,
          note: 'xong',
          evidenceLinks: ['https://example.gov.vn/a'],
        })
      ).status,
    ).toBe(200);
    expect((await lead.post('/v1/tasks/G1.N5.P1.S2/progress', { percent: 20 })).status).toBe(200);
    // P1 = (1·100 + 3·20) / 4 = 40.
    const p1 = await office.get('/v1/tasks/G1.N5.P1');
    expect(p1.body).toMatchObject({ progressSource: 'children', progressPercent: 40 });
    expect(await lead.post('/v1/tasks/G1.N5.P1/progress', { percent: 90 })).toMatchObject({ status: 409 });
    expect(
      await lead.post('/v1/tasks/G1.N5.P1.S2/progress', { percent: 20, evidenceLinks: ['http://insecure.example'] }),
    ).toMatchObject({ status: 400 });

    // The group is the weighted mean of its non-cancelled children, recomputed from the tasks listed.
    const tasks = (await office.get('/v1/tasks?parent=G1.N5')).body.data as {
      state: string;
      weight: number;
      progressPercent: number;
    }[];
    const live = tasks.filter((t) => t.state !== 'CANCELLED');
    const expected =
      live.reduce((s, t) => s + t.weight * t.progressPercent, 0) / live.reduce((s, t) => s + t.weight, 0);
    const programme = (await office.get('/v1/programme')).body.data[0];
    const group = programme.children[0].children.find((g: { code: string }) => g.code === 'G1.N5');
    expect(group.progressPercent).toBeCloseTo(expected, 1);
  });

  it('extends a deadline only later and with a reason, and keeps it in the history', async () => {
    await office.post('/v1/tasks', newTask('D1'));
    expect(
      await office.post('/v1/tasks/G1.N5.D1/deadline', { dueDate: '2026-06-30', reason: 'earlier' }),
    ).toMatchObject({ status: 400, body: { error: 'INVALID_DEADLINE' } });
    expect(await office.post('/v1/tasks/G1.N5.D1/deadline', { dueDate: '2027-03-31' })).toMatchObject({ status: 400 });
    expect(await lead.post('/v1/tasks/G1.N5.D1/deadline', { dueDate: '2027-03-31', reason: 'mine' })).toMatchObject({
      status: 403,
      body: { rule: 'workflow-step-allowed-for-role' },
    });
    expect(
      (await office.post('/v1/tasks/G1.N5.D1/deadline', { dueDate: '2027-03-31', reason: 'Gói thầu tổ chức lại' })).body
        .dueDate,
    ).toBe('2027-03-31');
    const history = (await office.get('/v1/tasks/G1.N5.D1/history')).body.data;
    expect(history).toContainEqual(
      expect.objectContaining({
        action: 'deadline-extended',
        reason: 'Gói thầu tổ chức lại',
        details: { previousDueDate: '2026-12-31', dueDate: '2027-03-31' },
      }),
    );
  });

  it('writes each change’s events into the outbox, valid against their contracts', async () => {
    const rows = (await svc.db.query(
      `SELECT event_type AS type, payload FROM outbox WHERE payload->>'code' = 'G1.N5.W1' ORDER BY id`,
    )) as { type: EventType; payload: unknown }[];
    expect(rows.map((r) => r.type)).toEqual([
      'dx.task.assigned',
      'dx.task.started',
      'dx.task.contribution-completed',
      'dx.task.contribution-completed',
      'dx.task.submitted',
      'dx.task.returned',
      'dx.task.submitted',
      'dx.task.approved',
      'dx.task.progress-updated',
    ]);
    for (const r of rows)
      expect({
        type: r.type,
        check: validatePayload(EVENT_CATALOG[r.type].payload as new () => object, r.payload).ok,
      }).toEqual({ type: r.type, check: true });
    expect(rows[5].payload).toMatchObject({
      reason: 'Thiếu minh chứng',
      state: 'IN_PROGRESS',
      leadAgency: 'SYT',
      coordinatingAgencies: ['SNV', 'STC'],
      reviewerAgency: 'SKHCN',
    });
    const extended = (await svc.db.query(
      `SELECT payload FROM outbox WHERE event_type = 'dx.task.deadline-extended' AND payload->>'code' = 'G1.N5.D1'`,
    )) as { payload: Record<string, unknown> }[];
    expect(extended).toHaveLength(1);
    expect(extended[0].payload).toMatchObject({
      previousDueDate: '2026-12-31',
      dueDate: '2027-03-31',
      reason: 'Gói thầu tổ chức lại',
    });
  });

  it('records every accepted write in the audit log', async () => {
    const audit = await office.get('/v1/audit?limit=500');
    expect(audit.status).toBe(200);
    const actions = (audit.body.data as { action: string }[]).map((e) => e.action);
    expect(actions).toContain('POST /v1/tasks/:ref/transitions');
    expect(actions).toContain('POST /v1/tasks');
  });
});
