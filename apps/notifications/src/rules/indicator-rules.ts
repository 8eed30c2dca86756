import { agency, codesShown, type Data, type NotificationRule, on, query, str } from './rule-vocabulary';

const historyLink = (d: Data) =>
  `/v1/indicator-values/history?${query({ indicator: d.indicatorCode, orgUnit: d.orgUnitCode, period: d.period })}`;
const obligationLink = (d: Data) =>
  typeof d.obligationCode === 'string'
    ? `/v1/obligations/${d.obligationCode}?${query({ period: d.period })}`
    : undefined;
const standingLink = (d: Data) =>
  `/v1/aggregates/status?${query({ orgUnit: d.orgUnitCode, period: d.period, indicator: d.indicatorCode })}`;

/** The rules of the indicators service's events (dx.indicators.events). */
export const INDICATOR_RULES: NotificationRule[] = [
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
];
