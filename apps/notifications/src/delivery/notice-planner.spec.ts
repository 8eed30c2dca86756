import { EVENT_CATALOG } from '@dxhub/contracts';
import { RecordInspector } from '@dxhub/messaging';
import { CONSUMED_EVENT_TYPES } from '../rules/consumed-events';
import { NOTIFICATION_RULES, render, ruleFor } from '../rules/notification-rules';
import { backoffMs } from './backoff';
import { type PlanContext, planNotices, type Subscriber } from './notice-planner';

const NOW = new Date('2026-03-02T16:30:00Z'); // 23:30 in Việt Nam
const task = {
  taskId: 't-1',
  code: 'NV-2026-014',
  titleVi: 'Triển khai chữ ký số cho cán bộ cấp xã',
  titleEn: 'Roll out digital signatures to commune officials',
  leadAgency: 'STTTT',
  coordinatingAgencies: ['SNV'],
  reviewerAgency: 'SKHCN',
  dueDate: '2026-03-31',
  progressPercent: 40,
  workingDaysOverdue: 3,
  unknownFieldFromANewerProducer: { anything: true },
};
const sub = (userId: string, agencyCode: string, roles: string[], extra: Partial<Subscriber> = {}): Subscriber => ({
  userId,
  agencyCode,
  roles,
  email: `${userId}@example.vn`,
  locale: 'vi',
  preferences: null,
  ...extra,
});
const ctx = (subscribers: Subscriber[], extra: Partial<PlanContext> = {}): PlanContext => ({
  now: NOW,
  maxAttempts: 5,
  offsetMinutes: 420,
  available: new Set(['inbox', 'email', 'webhook']),
  subscribers,
  agencies: new Map(),
  publicUrls: {
    indicators: 'https://dxhub.tiengiang.gov.vn/indicators',
    tasks: 'https://dxhub.tiengiang.gov.vn/tasks',
    reporting: 'https://dxhub.tiengiang.gov.vn/reporting',
  },
  ...extra,
});
const event = (type: string, data: Record<string, unknown> = task) => ({
  source: '/services/tasks',
  id: `${type}:1`,
  type,
  data,
});

describe('notification rules', () => {
  it('has one rule per event type the issue names, each with Vietnamese and English texts', () => {
    const types = NOTIFICATION_RULES.map((r) => r.eventType);
    expect(new Set(types).size).toBe(types.length);
    for (const t of [
      'dx.task.assigned',
      'dx.task.due-soon',
      'dx.task.overdue',
      'dx.task.escalated',
      'dx.task.returned',
      'dx.task.approved',
      'dx.indicator-value.awaiting-approval',
      'dx.indicator-value.returned',
      'dx.obligation.due-soon',
      'dx.obligation.overdue',
      'dx.indicator.off-track',
      'dx.indicator.back-on-track',
      'dx.report.published',
    ]) {
      expect(ruleFor(t)?.templates.vi.subject).toBeTruthy();
      expect(ruleFor(t)?.templates.en.body).toBeTruthy();
    }
  });

  it('reads the types it has a rule for, each checked by its contract class, and skips the others', () => {
    const overdue = EVENT_CATALOG['dx.task.overdue'].example;
    const inspector = new RecordInspector({
      accepts: CONSUMED_EVENT_TYPES,
      otherTypes: 'skip',
      publishers: 'services',
    });
    const inspect = (type: string, data: unknown) =>
      inspector.inspect(
        {
          topic: 'dx.tasks.events',
          partition: 0,
          offset: '0',
          message: {
            key: null,
            value: Buffer.from(JSON.stringify(data)),
            headers: { ce_specversion: '1.0', ce_id: 'e-1', ce_source: '/services/tasks', ce_type: type },
          },
        },
        new Date('2026-11-27T03:00:00Z'),
      );
    expect(inspect('dx.task.created', {})).toEqual({ kind: 'skip' });
    expect(inspect('dx.indicator-aggregate.updated', {})).toEqual({ kind: 'skip' });
    expect(inspect('dx.task.overdue', { ...overdue, leadAgency: undefined })).toMatchObject({
      kind: 'letter',
      reason: { code: 'payload-invalid', message: expect.stringContaining('leadAgency') },
    });
    expect(inspect('dx.task.overdue', overdue)).toMatchObject({ kind: 'event', event: { event: { data: overdue } } });
  });

  it('renders templates with the event fields', () => {
    expect(render(ruleFor('dx.task.overdue')!.templates.vi.subject, task)).toBe('Nhiệm vụ quá hạn: NV-2026-014');
    expect(render('{{missing}} {{coordinatingAgencies}}', task)).toBe('— SNV');
  });
});

describe('planNotices', () => {
  const people = [
    sub('lead-reporter', 'STTTT', ['reporter']),
    sub('lead-approver', 'STTTT', ['approver'], { locale: 'en' }),
    sub('lead-viewer', 'STTTT', ['viewer']),
    sub('other-reporter', 'SYT', ['reporter']),
    sub('po', 'SKHCN', ['programme-office'], { email: null }),
  ];

  it('addresses the rule’s agencies and roles, each person once per channel, in their language', () => {
    const rows = planNotices(event('dx.task.overdue'), ruleFor('dx.task.overdue')!, ctx(people));
    expect(rows.map((r) => `${r.recipient}/${r.channel}`).sort()).toEqual(
      ['lead-approver/email', 'lead-approver/inbox', 'lead-reporter/email', 'lead-reporter/inbox', 'po/inbox'].sort(),
    );
    const en = rows.find((r) => r.recipient === 'lead-approver' && r.channel === 'email')!;
    expect(en).toMatchObject({
      locale: 'en',
      subject: 'Task overdue: NV-2026-014',
      severity: 'high',
      status: 'pending',
      fallback: [],
    });
    expect(rows.find((r) => r.recipient === 'lead-reporter')!.subject).toBe('Nhiệm vụ quá hạn: NV-2026-014');
  });

  it('holds e-mail in quiet hours but not critical notices, and falls back from e-mail to the inbox when the inbox is off', () => {
    const quiet = {
      quietHours: { start: '21:00', end: '07:00' },
      digest: false,
      channels: { critical: [], high: ['email'], normal: ['email'], low: [] },
    };
    const person = [sub('lead-approver', 'STTTT', ['approver'], { preferences: quiet as never })];
    const overdue = planNotices(event('dx.task.overdue'), ruleFor('dx.task.overdue')!, ctx(person));
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({
      channel: 'email',
      next_attempt_at: '2026-03-03T00:00:00.000Z',
      fallback: [{ channel: 'inbox', address: null }],
    });
    const escalated = planNotices(
      event('dx.task.escalated', { ...task, escalatedTo: 'UBND', level: 2 }),
      ruleFor('dx.task.escalated')!,
      ctx(person),
    );
    expect(escalated.map((r) => [r.channel, r.next_attempt_at])).toEqual([
      ['inbox', NOW.toISOString()],
      ['email', NOW.toISOString()],
    ]);
  });

  it('holds low-severity e-mail for the digest', () => {
    const rows = planNotices(event('dx.task.approved'), ruleFor('dx.task.approved')!, ctx(people));
    expect(rows.filter((r) => r.channel === 'email').every((r) => r.status === 'held')).toBe(true);
    expect(rows.filter((r) => r.channel === 'inbox').every((r) => r.status === 'pending')).toBe(true);
  });

  it('sends a webhook to each named agency that has one, falling back to its contact e-mail', () => {
    const agencies = new Map([
      [
        'STTTT',
        {
          agencyCode: 'STTTT',
          webhookUrl: 'https://hooks.example.vn/x',
          email: 'vanthu@stttt.example.vn',
          preferences: null,
        },
      ],
      ['SNV', { agencyCode: 'SNV', webhookUrl: null, email: null, preferences: null }],
    ]);
    const rows = planNotices(event('dx.task.assigned'), ruleFor('dx.task.assigned')!, ctx([], { agencies }));
    expect(rows).toEqual([
      expect.objectContaining({
        recipient: 'agency:STTTT',
        channel: 'webhook',
        fallback: [{ channel: 'email', address: 'vanthu@stttt.example.vn' }],
      }),
    ]);
  });
});

describe('backoff', () => {
  it('doubles up to the cap, with jitter in the upper half', () => {
    expect(backoffMs(1, 1000, 60000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 60000, () => 1)).toBe(1000);
    expect(backoffMs(4, 1000, 60000, () => 1)).toBe(8000);
    expect(backoffMs(20, 1000, 60000, () => 0.5)).toBe(45000);
  });
});
