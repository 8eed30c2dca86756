import { type Data, type NotificationRule, on, str, list } from './rule-vocabulary';

const taskLink = on('tasks', (d) => `/v1/tasks/${encodeURIComponent(String(d.code))}`);
const lead = (d: Data) => str(d.leadAgency);

/** The rules of the tasks service's events (dx.tasks.events). */
export const TASK_RULES: NotificationRule[] = [
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
];
