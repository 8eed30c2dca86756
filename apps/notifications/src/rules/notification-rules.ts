import type { Role } from '@dxhub/auth';
import type { EventType } from '@dxhub/contracts';

export const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Locale = 'vi' | 'en';
type Data = Record<string, unknown>;

export interface Template {
  subject: string;
  body: string;
}

/** Who a rule addresses: users with one of `roles` in the named agencies (`*`: in any agency). */
export interface RecipientSpec {
  agencies: (data: Data) => string[] | '*';
  roles: Role[];
}

/**
 * A rule turns one event type into notices: recipients, severity and the texts in both languages. The
 * event's data has passed its contract class (libs/contracts) before a rule sees it.
 */
export interface NotificationRule {
  id: string;
  eventType: EventType;
  topic: string;
  severity: Severity;
  recipients: RecipientSpec[];
  /** Agencies whose webhook (if they configured one) gets the notice. */
  webhookAgencies: (data: Data) => string[];
  templates: Record<Locale, Template>;
  /** Fields the texts show that the event does not carry as such (a summary of a list, say). */
  shown?: (data: Data) => Data;
  /** What the notice is about, on the service that has it: a path with its query, joined to that service's public URL. */
  link: (data: Data) => ServiceLink | undefined;
}

/** The services a notice links to; each has a public URL (INDICATORS_PUBLIC_URL, TASKS_PUBLIC_URL, REPORTING_PUBLIC_URL). */
export type LinkedService = 'indicators' | 'tasks' | 'reporting';
export interface ServiceLink {
  service: LinkedService;
  path: string;
}
const on =
  (service: LinkedService, path: (d: Data) => string | undefined) =>
  (d: Data): ServiceLink | undefined => {
    const p = path(d);
    return p === undefined ? undefined : { service, path: p };
  };
const taskLink = on('tasks', (d) => `/v1/tasks/${encodeURIComponent(String(d.code))}`);

const str = (v: unknown): string[] => (typeof v === 'string' && v.length > 0 ? [v] : []);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const lead = (d: Data) => str(d.leadAgency);
const agency = (d: Data) => str(d.agency);
/** At most this many codes of a list are written out in a notice; the rest are counted. */
const LISTED_CODES = 5;
const codesShown = (v: unknown): string => {
  const codes = list(v);
  const more = codes.length - LISTED_CODES;
  return more > 0 ? `${codes.slice(0, LISTED_CODES).join(', ')} (+${more})` : codes.join(', ');
};
const query = (params: Record<string, unknown>): string =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]): [string, string][] =>
      typeof v === 'string' && v.length > 0 ? [[k, v]] : [],
    ),
  ).toString();

const historyLink = (d: Data) =>
  `/v1/indicator-values/history?${query({ indicator: d.indicatorCode, orgUnit: d.orgUnitCode, period: d.period })}`;
const obligationLink = (d: Data) =>
  typeof d.obligationCode === 'string'
    ? `/v1/obligations/${d.obligationCode}?${query({ period: d.period })}`
    : undefined;
const standingLink = (d: Data) =>
  `/v1/aggregates/status?${query({ orgUnit: d.orgUnitCode, period: d.period, indicator: d.indicatorCode })}`;

/** The rules, one per event type. The ids are stable (preferences, metrics and deliveries name them). */
export const NOTIFICATION_RULES: NotificationRule[] = [
  {
    id: 'task-assigned',
    eventType: 'dx.task.assigned',
    topic: 'dx.tasks.events',
    severity: 'normal',
    link: taskLink,
    recipients: [
      { agencies: lead, roles: ['reporter', 'approver'] },
      { agencies: (d) => list(d.coordinatingAgencies), roles: ['reporter'] },
    ],
    webhookAgencies: (d) => [...lead(d), ...list(d.coordinatingAgencies)],
    templates: {
      vi: {
        subject: 'Nhiệm vụ được giao: {{code}}',
        body: 'Nhiệm vụ {{code}} “{{titleVi}}” đã được giao cho {{leadAgency}} chủ trì, hạn hoàn thành {{dueDate}}. {{link}}',
      },
      en: {
        subject: 'Task assigned: {{code}}',
        body: 'Task {{code}} “{{titleEn}}” has been assigned to {{leadAgency}} as lead, due {{dueDate}}. {{link}}',
      },
    },
  },
  {
    id: 'task-submitted',
    eventType: 'dx.task.submitted',
    topic: 'dx.tasks.events',
    severity: 'normal',
    link: taskLink,
    recipients: [{ agencies: (d) => str(d.reviewerAgency), roles: ['approver'] }],
    webhookAgencies: (d) => str(d.reviewerAgency),
    templates: {
      vi: {
        subject: 'Nhiệm vụ chờ thẩm định: {{code}}',
        body: '{{leadAgency}} đã gửi kết quả nhiệm vụ {{code}} “{{titleVi}}” ({{progressPercent}}%) để thẩm định. {{link}}',
      },
      en: {
        subject: 'Task awaiting review: {{code}}',
        body: '{{leadAgency}} submitted task {{code}} “{{titleEn}}” ({{progressPercent}}%) for review. {{link}}',
      },
    },
  },
  {
    id: 'task-due-soon',
    eventType: 'dx.task.due-soon',
    topic: 'dx.tasks.events',
    severity: 'low',
    link: taskLink,
    recipients: [{ agencies: lead, roles: ['reporter'] }],
    webhookAgencies: lead,
    templates: {
      vi: {
        subject: 'Nhiệm vụ sắp đến hạn: {{code}}',
        body: 'Nhiệm vụ {{code}} “{{titleVi}}” còn {{workingDaysLeft}} ngày làm việc đến hạn {{dueDate}} (tiến độ {{progressPercent}}%). {{link}}',
      },
      en: {
        subject: 'Task due soon: {{code}}',
        body: 'Task {{code}} “{{titleEn}}” is due {{dueDate}}, {{workingDaysLeft}} working days left ({{progressPercent}}% done). {{link}}',
      },
    },
  },
  {
    id: 'task-overdue',
    eventType: 'dx.task.overdue',
    topic: 'dx.tasks.events',
    severity: 'high',
    link: taskLink,
    recipients: [
      { agencies: lead, roles: ['reporter', 'approver'] },
      { agencies: () => '*', roles: ['programme-office'] },
    ],
    webhookAgencies: lead,
    templates: {
      vi: {
        subject: 'Nhiệm vụ quá hạn: {{code}}',
        body: 'Nhiệm vụ {{code}} “{{titleVi}}” do {{leadAgency}} chủ trì đã quá hạn {{workingDaysOverdue}} ngày làm việc (hạn {{dueDate}}). {{link}}',
      },
      en: {
        subject: 'Task overdue: {{code}}',
        body: 'Task {{code}} “{{titleEn}}” led by {{leadAgency}} is {{workingDaysOverdue}} working days overdue (due {{dueDate}}). {{link}}',
      },
    },
  },
  {
    id: 'task-escalated',
    eventType: 'dx.task.escalated',
    topic: 'dx.tasks.events',
    severity: 'critical',
    link: taskLink,
    recipients: [
      { agencies: (d) => str(d.escalatedTo), roles: ['approver', 'programme-office', 'admin'] },
      { agencies: lead, roles: ['approver'] },
    ],
    webhookAgencies: (d) => [...str(d.escalatedTo), ...lead(d)],
    templates: {
      vi: {
        subject: 'Nhiệm vụ bị chuyển cấp {{level}}: {{code}}',
        body: 'Nhiệm vụ {{code}} “{{titleVi}}” do {{leadAgency}} chủ trì đã được chuyển lên {{escalatedTo}} (cấp {{level}}), hạn {{dueDate}}. {{link}}',
      },
      en: {
        subject: 'Task escalated (level {{level}}): {{code}}',
        body: 'Task {{code}} “{{titleEn}}” led by {{leadAgency}} was escalated to {{escalatedTo}} (level {{level}}), due {{dueDate}}. {{link}}',
      },
    },
  },
  {
    id: 'task-returned',
    eventType: 'dx.task.returned',
    topic: 'dx.tasks.events',
    severity: 'high',
    link: taskLink,
    recipients: [{ agencies: lead, roles: ['reporter'] }],
    webhookAgencies: lead,
    templates: {
      vi: {
        subject: 'Nhiệm vụ bị trả lại: {{code}}',
        body: 'Kết quả nhiệm vụ {{code}} “{{titleVi}}” đã bị trả lại. Lý do: {{reason}} {{link}}',
      },
      en: {
        subject: 'Task returned: {{code}}',
        body: 'The result of task {{code}} “{{titleEn}}” was returned. Reason: {{reason}} {{link}}',
      },
    },
  },
  {
    id: 'task-approved',
    eventType: 'dx.task.approved',
    topic: 'dx.tasks.events',
    severity: 'low',
    link: taskLink,
    recipients: [{ agencies: lead, roles: ['reporter', 'approver'] }],
    webhookAgencies: lead,
    templates: {
      vi: {
        subject: 'Nhiệm vụ đã được phê duyệt: {{code}}',
        body: 'Kết quả nhiệm vụ {{code}} “{{titleVi}}” đã được phê duyệt. {{link}}',
      },
      en: {
        subject: 'Task approved: {{code}}',
        body: 'The result of task {{code}} “{{titleEn}}” was approved. {{link}}',
      },
    },
  },
  {
    id: 'indicator-value-awaiting-approval',
    eventType: 'dx.indicator-value.awaiting-approval',
    topic: 'dx.indicators.events',
    severity: 'normal',
    recipients: [{ agencies: agency, roles: ['approver'] }],
    webhookAgencies: agency,
    // One event per intake batch: `orgUnitCode` only when the batch held one value, `orgUnitCodes` always.
    shown: (d) => ({ orgUnits: codesShown(d.orgUnitCodes ?? str(d.orgUnitCode)) }),
    link: on(
      'indicators',
      (d) => `/v1/indicator-values/approvals?${query({ indicator: d.indicatorCode, period: d.period })}`,
    ),
    templates: {
      vi: {
        subject: 'Số liệu chờ phê duyệt: {{indicatorCode}} {{period}}',
        body: '{{reportingAgency}} đã báo cáo {{valueCount}} giá trị chỉ tiêu {{indicatorCode}} kỳ {{period}} (đơn vị {{orgUnits}}), đang chờ phê duyệt: {{link}}',
      },
      en: {
        subject: 'Values awaiting approval: {{indicatorCode}} {{period}}',
        body: '{{reportingAgency}} reported {{valueCount}} value(s) of indicator {{indicatorCode}} for {{period}} (org units {{orgUnits}}), awaiting approval: {{link}}',
      },
    },
  },
  {
    id: 'indicator-value-returned',
    eventType: 'dx.indicator-value.returned',
    topic: 'dx.indicators.events',
    severity: 'high',
    recipients: [{ agencies: agency, roles: ['reporter'] }],
    webhookAgencies: agency,
    link: on('indicators', historyLink),
    templates: {
      vi: {
        subject: 'Số liệu bị trả lại: {{indicatorCode}} {{period}}',
        body: '{{approvingAgency}} đã trả lại giá trị chỉ tiêu {{indicatorCode}} của đơn vị {{orgUnitCode}}, kỳ {{period}} (báo cáo {{reportId}}). Lý do: {{reason}}. Các lần báo cáo: {{link}}',
      },
      en: {
        subject: 'Value returned: {{indicatorCode}} {{period}}',
        body: '{{approvingAgency}} returned the value of indicator {{indicatorCode}} for org unit {{orgUnitCode}}, period {{period}} (report {{reportId}}). Reason: {{reason}}. Its reports: {{link}}',
      },
    },
  },
  {
    id: 'indicator-value-reopened',
    eventType: 'dx.indicator-value.reopened',
    topic: 'dx.indicators.events',
    severity: 'low',
    // A late correction also raises awaiting-approval for the new report, which tells the approvers already.
    recipients: [{ agencies: (d) => (d.cause === 'late-correction' ? [] : agency(d)), roles: ['approver'] }],
    webhookAgencies: (d) => (d.cause === 'late-correction' ? [] : agency(d)),
    link: on('indicators', historyLink),
    templates: {
      vi: {
        subject: 'Số liệu đã phê duyệt chờ phê duyệt lại: {{indicatorCode}} {{period}}',
        body: 'Giá trị chỉ tiêu {{indicatorCode}} của đơn vị {{orgUnitCode}}, kỳ {{period}}, đã phê duyệt nay trở lại chờ phê duyệt. Lý do: {{reason}}. {{link}}',
      },
      en: {
        subject: 'Approved value to approve again: {{indicatorCode}} {{period}}',
        body: 'The approved value of indicator {{indicatorCode}} for org unit {{orgUnitCode}}, period {{period}}, is pending approval again. Reason: {{reason}}. {{link}}',
      },
    },
  },
  {
    id: 'obligation-due-soon',
    eventType: 'dx.obligation.due-soon',
    topic: 'dx.indicators.events',
    severity: 'low',
    recipients: [{ agencies: agency, roles: ['reporter'] }],
    webhookAgencies: agency,
    link: on('indicators', obligationLink),
    templates: {
      vi: {
        subject: 'Sắp đến hạn báo cáo kỳ {{period}}: {{nameVi}}',
        body: '{{nameVi}} kỳ {{period}} đến hạn ngày {{dueDate}} (còn {{workingDaysLeft}} ngày làm việc); đã nhận {{receivedReports}}/{{expectedReports}} báo cáo: {{link}}',
      },
      en: {
        subject: 'Report due soon for {{period}}: {{nameEn}}',
        body: '{{nameEn}} for {{period}} is due {{dueDate}} ({{workingDaysLeft}} working days left); {{receivedReports}} of {{expectedReports}} reports received: {{link}}',
      },
    },
  },
  {
    id: 'obligation-overdue',
    eventType: 'dx.obligation.overdue',
    topic: 'dx.indicators.events',
    severity: 'high',
    recipients: [{ agencies: agency, roles: ['reporter', 'approver'] }],
    webhookAgencies: agency,
    shown: (d) => ({ missingOrgUnits: codesShown(d.missingOrgUnitCodes) }),
    link: on('indicators', obligationLink),
    templates: {
      vi: {
        subject: 'Quá hạn báo cáo kỳ {{period}}: {{nameVi}}',
        body: '{{nameVi}} kỳ {{period}} đã quá hạn ngày {{dueDate}} ({{workingDaysOverdue}} ngày làm việc); đã nhận {{receivedReports}}/{{expectedReports}} báo cáo, còn thiếu của đơn vị {{missingOrgUnits}}: {{link}}',
      },
      en: {
        subject: 'Report overdue for {{period}}: {{nameEn}}',
        body: '{{nameEn}} for {{period}} is overdue since {{dueDate}} ({{workingDaysOverdue}} working days); {{receivedReports}} of {{expectedReports}} reports received, missing from org units {{missingOrgUnits}}: {{link}}',
      },
    },
  },
  {
    id: 'indicator-off-track',
    eventType: 'dx.indicator.off-track',
    topic: 'dx.indicators.events',
    severity: 'high',
    recipients: [
      { agencies: agency, roles: ['approver'] },
      { agencies: () => '*', roles: ['programme-office'] },
    ],
    webhookAgencies: agency,
    link: on('indicators', standingLink),
    templates: {
      vi: {
        subject: 'Chỉ tiêu chệch hướng: {{indicatorCode}}, {{orgUnitName}}',
        body: 'Chỉ tiêu {{indicatorCode}} của {{orgUnitName}} ({{orgUnitCode}}), kỳ {{period}}, đạt {{value}} so với mục tiêu lộ trình {{target}} (mức đạt {{achievement}}%): không theo kịp lộ trình. {{link}}',
      },
      en: {
        subject: 'Indicator off track: {{indicatorCode}}, {{orgUnitName}}',
        body: 'Indicator {{indicatorCode}} for {{orgUnitName}} ({{orgUnitCode}}), {{period}}, is at {{value}} against a target path value of {{target}} ({{achievement}}% achieved): off track. {{link}}',
      },
    },
  },
  {
    id: 'indicator-back-on-track',
    eventType: 'dx.indicator.back-on-track',
    topic: 'dx.indicators.events',
    severity: 'low',
    recipients: [
      { agencies: agency, roles: ['approver'] },
      { agencies: () => '*', roles: ['programme-office'] },
    ],
    webhookAgencies: agency,
    link: on('indicators', standingLink),
    templates: {
      vi: {
        subject: 'Chỉ tiêu trở lại đúng lộ trình: {{indicatorCode}}, {{orgUnitName}}',
        body: 'Chỉ tiêu {{indicatorCode}} của {{orgUnitName}} ({{orgUnitCode}}), kỳ {{period}}, đạt {{value}}, đã trở lại đúng lộ trình (mục tiêu lộ trình {{target}}, mức đạt {{achievement}}%). {{link}}',
      },
      en: {
        subject: 'Indicator back on track: {{indicatorCode}}, {{orgUnitName}}',
        body: 'Indicator {{indicatorCode}} for {{orgUnitName}} ({{orgUnitCode}}), {{period}}, is at {{value}}, back on track (target path value {{target}}, {{achievement}}% achieved). {{link}}',
      },
    },
  },
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

const BY_TYPE = new Map<string, NotificationRule>(NOTIFICATION_RULES.map((r) => [r.eventType, r]));

export function ruleFor(eventType: string): NotificationRule | undefined {
  return BY_TYPE.get(eventType);
}

/** What a rule's texts are filled from: the event's fields, the rule's shown fields and `link`, an absolute URL. */
export function textFields(rule: NotificationRule, data: Data, publicUrls: Record<LinkedService, string>): Data {
  const target = rule.link(data);
  const link = target ? `${publicUrls[target.service].replace(/\/$/, '')}${target.path}` : undefined;
  return { ...data, ...rule.shown?.(data), ...(link ? { link } : {}) };
}

/** Fills `{{field}}` from the event data; a missing field renders as “—”. */
export function render(template: string, data: Data): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, field: string) => {
    const value = data[field];
    if (value === undefined || value === null || value === '') return '—';
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}
