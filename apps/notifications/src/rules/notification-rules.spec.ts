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
});
