import { Input, Progress, Tag, Tooltip, Typography } from 'antd';
import { ApiError } from '../../api/client';
import { type Agency } from '../../common/agencies';
import { ErrorNotice } from '../../common/errors';
import { formatPercent } from '../../common/format';
import { TAG } from '../../common/tag-colours';
import { type Dictionary, useLanguage, useLocalName, useText } from '../../i18n/language';
import { type TaskState } from './programme-data';

/** Words the programme screens share: task states, node kinds, what a refusal code means. */
export const SHARED_TEXT: Dictionary<
  | TaskState
  | 'resolution'
  | 'goal'
  | 'group'
  | 'task'
  | 'subtask'
  | 'progress'
  | 'unknownAgency'
  | 'PERIOD_NOT_CLOSED'
  | 'PERIOD_ALREADY_LOCKED'
  | 'REOPEN_UNTIL_INVALID'
  | 'INVALID_PERIOD'
  | 'role-required'
  | 'REPORT_NOT_FOUND'
  | 'BAD_REQUEST'
> = {
  vi: {
    DRAFT: 'Dự thảo',
    ASSIGNED: 'Đã giao',
    IN_PROGRESS: 'Đang thực hiện',
    SUBMITTED: 'Chờ phê duyệt',
    APPROVED: 'Hoàn thành',
    CANCELLED: 'Đã hủy',
    resolution: 'Nghị quyết',
    goal: 'Mục tiêu',
    group: 'Nhóm nhiệm vụ',
    task: 'Nhiệm vụ',
    subtask: 'Nhiệm vụ con',
    progress: 'Tiến độ',
    unknownAgency: 'Cơ quan chưa có trong danh mục',
    PERIOD_NOT_CLOSED: 'Kỳ này chưa khóa (theo quy tắc hay thủ công) nên không cần mở lại.',
    PERIOD_ALREADY_LOCKED: 'Kỳ này đã khóa và không có lần mở lại nào đang hiệu lực: không cần khóa nữa.',
    REOPEN_UNTIL_INVALID: 'Thời hạn mở lại phải ở tương lai và không quá 366 ngày kể từ bây giờ.',
    INVALID_PERIOD: 'Kỳ không đúng định dạng (ví dụ 2025, 2025S1, 2025Q3, 202507).',
    'role-required': 'Tài khoản của bạn không có vai trò được phép làm việc này.',
    REPORT_NOT_FOUND: 'Không còn báo cáo này.',
    BAD_REQUEST: 'Dữ liệu gửi đi chưa hợp lệ.',
  },
  en: {
    DRAFT: 'Draft',
    ASSIGNED: 'Assigned',
    IN_PROGRESS: 'In progress',
    SUBMITTED: 'Awaiting approval',
    APPROVED: 'Done',
    CANCELLED: 'Cancelled',
    resolution: 'Resolution',
    goal: 'Goal',
    group: 'Task group',
    task: 'Task',
    subtask: 'Sub-task',
    progress: 'Progress',
    unknownAgency: 'Agency not in the catalogue',
    PERIOD_NOT_CLOSED: 'This period is not closed (by its rule or by hand), so it needs no re-opening.',
    PERIOD_ALREADY_LOCKED: 'This period is already locked and no re-opening holds: there is nothing to lock.',
    REOPEN_UNTIL_INVALID: 'The re-opening must end in the future and at most 366 days from now.',
    INVALID_PERIOD: 'The period is not in the expected notation (e.g. 2025, 2025S1, 2025Q3, 202507).',
    'role-required': 'Your account does not hold a role allowed to do this.',
    REPORT_NOT_FOUND: 'This report no longer exists.',
    BAD_REQUEST: 'What was sent is not valid.',
  },
};

const STATE_COLOURS: Record<TaskState, string> = {
  DRAFT: TAG.grey,
  ASSIGNED: TAG.blue,
  IN_PROGRESS: TAG.cyan,
  SUBMITTED: TAG.orange,
  APPROVED: TAG.green,
  CANCELLED: TAG.grey,
};

export function StateTag({ state }: { state: TaskState | null }) {
  const t = useText(SHARED_TEXT);
  if (!state) return null;
  return (
    <Tag color={STATE_COLOURS[state]} data-testid="task-state" data-state={state}>
      {t(state)}
    </Tag>
  );
}

/** A task's progress, 0–100, with its exact figure and a name for screen readers. */
export function ProgressBar({ percent, label }: { percent: number; label?: string }) {
  const t = useText(SHARED_TEXT);
  const { language } = useLanguage();
  const text = formatPercent(language, percent / 100, 2);
  return (
    <Progress
      percent={Math.round(percent * 100) / 100}
      size="small"
      format={() => text}
      status="normal"
      strokeColor={percent >= 100 ? '#389e0d' : undefined}
      aria-label={`${label ?? t('progress')}: ${text}`}
      style={{ minWidth: 110, marginBottom: 0 }}
    />
  );
}

/**
 * An agency by its official name: the Vietnamese one always visible (in English the English name comes first
 * and the Vietnamese one under it), the code beside it.
 */
export function AgencyName({
  code,
  agencies,
  compact = false,
}: {
  code: string | null | undefined;
  agencies: ReadonlyMap<string, Agency>;
  compact?: boolean;
}) {
  const { language } = useLanguage();
  const local = useLocalName();
  const t = useText(SHARED_TEXT);
  if (!code) return <>—</>;
  const agency = agencies.get(code);
  if (!agency) {
    return (
      <Tooltip title={t('unknownAgency')}>
        <span data-testid="agency" data-agency={code}>
          {code}
        </span>
      </Tooltip>
    );
  }
  const name = local(agency);
  return (
    <span data-testid="agency" data-agency={code}>
      <span lang={language === 'en' && agency.nameEn ? 'en' : 'vi'}>{name}</span>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        ({code})
      </Typography.Text>
      {language === 'en' && agency.nameEn && !compact && (
        <Typography.Text type="secondary" lang="vi" style={{ display: 'block', fontSize: 12 }}>
          {agency.nameVi}
        </Typography.Text>
      )}
    </span>
  );
}

/** The service's refusal, with what its code means in the chosen language before the service's own words. */
export function ActionError({ error, title }: { error: unknown; title?: string }) {
  const t = useText(SHARED_TEXT);
  const code = error instanceof ApiError ? (error.rule ?? error.body.error) : undefined;
  const known = code && code in SHARED_TEXT.vi ? t(code as keyof typeof SHARED_TEXT.vi) : undefined;
  return (
    <div data-testid="action-error" data-code={code}>
      <ErrorNotice error={error} title={known ?? title} />
    </div>
  );
}

/** A screen's search box: it searches on Enter or its button, and its text lives in the address (`q`). */
export function SearchFilter({
  label,
  value,
  onSearch,
  width = 260,
}: {
  label: string;
  value: string;
  onSearch: (q: string) => void;
  width?: number;
}) {
  return (
    <Input.Search
      allowClear
      aria-label={label}
      placeholder={label}
      defaultValue={value}
      // A new address (the back button, a cleared filter) shows its own text.
      key={value}
      onSearch={onSearch}
      style={{ width, maxWidth: '100%' }}
      data-testid="filter-q"
    />
  );
}
