import { NOTIFICATION_RULES, render, textFields } from './notification-rules';

const PUBLIC_URLS = {
  indicators: 'https://dxhub.example/indicators',
  tasks: 'https://dxhub.example/tasks',
  reporting: 'https://dxhub.example/reporting/',
};

/** The fields any rule needs, filled, plus what the links are built from. */
const EVENT = {
  taskId: 't-1',
  code: 'G1.N1.T1',
  titleVi: 'Kiện toàn Ban Chỉ đạo',
  titleEn: 'Steering committees',
  leadAgency: 'VPUBND',
  escalatedTo: 'VPUBND',
  indicatorCode: 'FIBRE_HH',
  agency: 'SKHCN',
  orgUnitCode: '815',
  period: '2024S2',
  obligationCode: 'FIBRE_HH',
  reportId: 'r-1',
  href: '/v1/reports/r-1',
  reason: 'thiếu minh chứng',
  reportingAgency: 'SKHCN',
  approvingAgency: 'SKHCN',
  service: 'indicators',
  firstRejectedAt: '2026-11-27T03:04:05.000Z',
  lastRejectedAt: '2026-11-27T03:04:06.000Z',
};

describe('notification rules', () => {
  it.each(NOTIFICATION_RULES.map((r) => [r.id, r] as const))(
    '%s: the notice links to what it is about with an absolute URL, in both languages',
    (_id, rule) => {
      const fields = textFields(rule, EVENT, PUBLIC_URLS);
      expect(String(fields.link)).toMatch(/^https:\/\/dxhub\.example\/(indicators|tasks|reporting)\/v1\//);
      for (const locale of ['vi', 'en'] as const)
        expect(render(rule.templates[locale].body, fields)).toContain(String(fields.link));
    },
  );

  it('links a published report on the reporting service, not relative to it', () => {
    const rule = NOTIFICATION_RULES.find((r) => r.id === 'report-published');
    expect(textFields(rule!, EVENT, PUBLIC_URLS).link).toBe('https://dxhub.example/reporting/v1/reports/r-1');
  });

  it('tells an agency what one refused batch was, with the reasons counted and the rejections listed', () => {
    const rule = NOTIFICATION_RULES.find((r) => r.id === 'agency-events-rejected')!;
    const data = {
      agency: 'SKHCN',
      service: 'tasks',
      channel: 'kafka',
      topic: 'dx.agency.SKHCN.task-progress',
      count: 1000,
      firstRejectedAt: '2026-11-27T03:04:05.000Z',
      lastRejectedAt: '2026-11-27T03:04:06.000Z',
      reasons: [
        { code: 'time-in-future', count: 998 },
        { code: 'body-not-json', count: 2 },
      ],
      sampleEventIds: ['a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'a-6'],
    };
    const fields = textFields(rule, data, PUBLIC_URLS);
    expect(fields.link).toBe(
      'https://dxhub.example/tasks/v1/rejections?agency=SKHCN&from=2026-11-27T03%3A04%3A05.000Z&to=2026-11-27T03%3A04%3A06.000Z',
    );
    expect(render(rule.templates.en.body, fields)).toBe(
      'The tasks service refused 1000 event(s) from SKHCN sent via dx.agency.SKHCN.task-progress ' +
        '(2026-11-27T03:04:05.000Z to 2026-11-27T03:04:06.000Z). Reasons: time-in-future × 998, body-not-json × 2. ' +
        `Event ids, for example: a-1, a-2, a-3, a-4, a-5 (+1). Each one with its reason: ${String(fields.link)}`,
    );
    expect(render(rule.templates.vi.subject, fields)).toBe('Dữ liệu bị từ chối: 1000 sự kiện của SKHCN');
    expect(
      render(rule.templates.en.body, textFields(rule, { ...data, topic: undefined, channel: 'xlsx' }, PUBLIC_URLS)),
    ).toContain('sent via Excel');
  });
});
