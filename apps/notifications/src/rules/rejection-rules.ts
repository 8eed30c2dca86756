import { agency, codesShown, type NotificationRule, query } from './rule-vocabulary';

/** The rules of the services' refusals of agencies' events (dx.rejections.events). */
export const REJECTION_RULES: NotificationRule[] = [
  {
    id: 'agency-events-rejected',
    eventType: 'dx.agency-events.rejected',
    topic: 'dx.rejections.events',
    // One notice per refused batch; e-mails wait for the daily digest, so a stubborn sender is one e-mail a day.
    severity: 'low',
    recipients: [{ agencies: agency, roles: ['reporter'] }],
    webhookAgencies: agency,
    shown: (d) => ({
      via: typeof d.topic === 'string' ? d.topic : d.channel === 'xlsx' ? 'Excel' : 'REST',
      reasonList: (Array.isArray(d.reasons) ? (d.reasons as { code: string; count: number }[]) : [])
        .map((r) => `${r.code} × ${r.count}`)
        .join(', '),
      sampleIds: codesShown(d.sampleEventIds),
    }),
    link: (d) =>
      d.service === 'indicators' || d.service === 'tasks'
        ? {
            service: d.service,
            path: `/v1/rejections?${query({ agency: d.agency, from: d.firstRejectedAt, to: d.lastRejectedAt })}`,
          }
        : undefined,
    templates: {
      vi: {
        subject: 'Dữ liệu bị từ chối: {{count}} sự kiện của {{agency}}',
        body: 'Dịch vụ {{service}} đã từ chối {{count}} sự kiện của {{agency}} gửi qua {{via}} (từ {{firstRejectedAt}} đến {{lastRejectedAt}}). Lý do: {{reasonList}}. Mã sự kiện, ví dụ: {{sampleIds}}. Từng sự kiện và lý do: {{link}}',
      },
      en: {
        subject: 'Events refused: {{count}} from {{agency}}',
        body: 'The {{service}} service refused {{count}} event(s) from {{agency}} sent via {{via}} ({{firstRejectedAt}} to {{lastRejectedAt}}). Reasons: {{reasonList}}. Event ids, for example: {{sampleIds}}. Each one with its reason: {{link}}',
      },
    },
  },
];
