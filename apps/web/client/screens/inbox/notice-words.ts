import type { Dictionary } from '../../i18n/language';
import { TAG } from '../../common/tag-colours';
import type { InboxItem, Severity } from './inbox-api';

/** What each kind of notice is called (the notifications service's rule ids), and how severe each level is. */
export const NOTICE_TEXT: Dictionary<
  | 'task-assigned'
  | 'task-submitted'
  | 'task-due-soon'
  | 'task-overdue'
  | 'task-escalated'
  | 'task-returned'
  | 'task-approved'
  | 'indicator-value-awaiting-approval'
  | 'indicator-value-returned'
  | 'indicator-value-reopened'
  | 'obligation-due-soon'
  | 'obligation-overdue'
  | 'indicator-off-track'
  | 'indicator-back-on-track'
  | 'report-published'
  | 'agency-events-rejected'
  | 'agency-settings-changed'
  | `severity.${Severity}`
> = {
  vi: {
    'task-assigned': 'Nhiệm vụ được giao',
    'task-submitted': 'Nhiệm vụ chờ thẩm định',
    'task-due-soon': 'Nhiệm vụ sắp đến hạn',
    'task-overdue': 'Nhiệm vụ quá hạn',
    'task-escalated': 'Nhiệm vụ bị chuyển cấp',
    'task-returned': 'Nhiệm vụ bị trả lại',
    'task-approved': 'Nhiệm vụ được phê duyệt',
    'indicator-value-awaiting-approval': 'Số liệu chờ phê duyệt',
    'indicator-value-returned': 'Số liệu bị trả lại',
    'indicator-value-reopened': 'Số liệu cần phê duyệt lại',
    'obligation-due-soon': 'Sắp đến hạn báo cáo',
    'obligation-overdue': 'Quá hạn báo cáo',
    'indicator-off-track': 'Chỉ tiêu chệch hướng',
    'indicator-back-on-track': 'Chỉ tiêu trở lại lộ trình',
    'report-published': 'Báo cáo mới',
    'agency-events-rejected': 'Dữ liệu bị từ chối',
    'agency-settings-changed': 'Cài đặt thông báo của cơ quan thay đổi',
    'severity.critical': 'Khẩn cấp',
    'severity.high': 'Cao',
    'severity.normal': 'Thường',
    'severity.low': 'Thấp',
  },
  en: {
    'task-assigned': 'Task assigned',
    'task-submitted': 'Task awaiting review',
    'task-due-soon': 'Task due soon',
    'task-overdue': 'Task overdue',
    'task-escalated': 'Task escalated',
    'task-returned': 'Task returned',
    'task-approved': 'Task approved',
    'indicator-value-awaiting-approval': 'Values awaiting approval',
    'indicator-value-returned': 'Value returned',
    'indicator-value-reopened': 'Value to approve again',
    'obligation-due-soon': 'Report due soon',
    'obligation-overdue': 'Report overdue',
    'indicator-off-track': 'Indicator off track',
    'indicator-back-on-track': 'Indicator back on track',
    'report-published': 'Report published',
    'agency-events-rejected': 'Events refused',
    'agency-settings-changed': "Agency's notification settings changed",
    'severity.critical': 'Critical',
    'severity.high': 'High',
    'severity.normal': 'Normal',
    'severity.low': 'Low',
  },
};

export type NoticeKind = Exclude<keyof (typeof NOTICE_TEXT)['vi'], `severity.${string}`>;

export const isKnownKind = (rule: string): rule is NoticeKind =>
  rule in NOTICE_TEXT.vi && !rule.startsWith('severity.');

/** Solid tag colours (white text); low severity is a plain tag. */
export const SEVERITY_COLOURS: Record<Severity, string | undefined> = {
  critical: TAG.red,
  high: TAG.orange,
  normal: TAG.blue,
  low: undefined,
};

/**
 * Where in this app a notice leads. The notice's own text carries a link to the service's API (for e-mail
 * readers with API access); on screen the app's own page is offered instead.
 */
export function screenOf(notice: InboxItem): string | undefined {
  const { code, taskId } = notice.data;
  // By the task's id: the web server takes a last path part with a dot (a code, G1.N4.T1) for a file name.
  const task = typeof taskId === 'string' ? taskId : typeof code === 'string' ? code : undefined;
  if (notice.rule.startsWith('task-') && task) return `/workspace/tasks/${encodeURIComponent(task)}`;
  switch (notice.rule) {
    case 'indicator-value-awaiting-approval':
    case 'indicator-value-reopened':
      return '/workspace/approvals';
    case 'indicator-value-returned':
      return '/workspace/returned';
    case 'agency-events-rejected':
      return '/workspace/refusals';
    case 'report-published':
      return '/programme/reports';
    default:
      return undefined;
  }
}

/** The notice's text without the API addresses it ends with (the screen links to the app's page instead). */
export const readableBody = (body: string) => body.replace(/\s*https?:\/\/\S+/g, '').trim();
