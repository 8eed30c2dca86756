import { type NotificationRule, on } from './rule-vocabulary';

/** The rules of the reporting service's events (dx.reporting.events). */
export const REPORTING_RULES: NotificationRule[] = [
  {
    id: 'report-published',
    eventType: 'dx.report.published',
    topic: 'dx.reporting.events',
    severity: 'low',
    // `href` is relative to the reporting service (the event says where the report is, not where readers reach it).
    link: on('reporting', (d) => (typeof d.href === 'string' ? d.href : `/v1/reports/${String(d.reportId)}`)),
    recipients: [{ agencies: () => '*', roles: ['programme-office', 'approver'] }],
    webhookAgencies: () => [],
    templates: {
      vi: {
        subject: 'Báo cáo mới: {{titleVi}}',
        body: 'Báo cáo “{{titleVi}}” kỳ {{period}} đã được phát hành. {{link}}',
      },
      en: {
        subject: 'Report published: {{titleEn}}',
        body: 'The report “{{titleEn}}” for {{period}} has been published. {{link}}',
      },
    },
  },
];
