import { Tag } from 'antd';
import { useCallback } from 'react';
import { type Dictionary, useText } from '../../i18n/language';
import type { StepCaution, StepRefusal } from './task-access';
import { TAG } from '../../common/tag-colours';
import type { TaskAction, TaskState } from './task-api';

/** The words of the workflow every screen of this area shares: states, steps, parts, refusals. */
const TEXT: Dictionary<
  | `state.${TaskState}`
  | `action.${TaskAction}`
  | `done.${TaskAction}`
  | 'kind.task'
  | 'kind.subtask'
  | 'part.lead'
  | 'part.coordinating'
  | 'part.reviewer'
  | 'rule.workflow-step-allowed-for-role'
  | 'rule.task-step-by-lead-agency'
  | 'rule.approver-approves-own'
  | 'rule.contribution-by-coordinating-agency'
  | 'rule.role-required'
  | 'refusal.state'
  | 'caution.blocked'
  | 'caution.contributions-open'
  | 'left.today'
  | 'left.days'
  | 'left.overdue'
  | 'left.closed'
  | 'left.draft'
  | 'nobody'
  | 'code.CONTRIBUTIONS_OPEN'
  | 'code.TASK_BLOCKED'
  | 'code.ILLEGAL_TRANSITION'
  | 'code.REASON_REQUIRED'
  | 'code.TASK_NOT_OPEN'
  | 'code.PROGRESS_NOT_REPORTABLE'
  | 'code.CONTRIBUTION_ALREADY_COMPLETED'
  | 'code.TASK_NOT_FOUND'
  | 'code.FORBIDDEN'
> = {
  vi: {
    'state.DRAFT': 'Dự thảo',
    'state.ASSIGNED': 'Đã giao',
    'state.IN_PROGRESS': 'Đang thực hiện',
    'state.SUBMITTED': 'Chờ thẩm định',
    'state.APPROVED': 'Đã phê duyệt',
    'state.CANCELLED': 'Đã hủy',
    'action.assign': 'Giao nhiệm vụ',
    'action.start': 'Bắt đầu thực hiện',
    'action.submit': 'Gửi thẩm định',
    'action.approve': 'Phê duyệt',
    'action.return': 'Trả lại',
    'action.cancel': 'Hủy nhiệm vụ',
    'done.assign': 'Đã giao nhiệm vụ {code}.',
    'done.start': 'Đã bắt đầu thực hiện nhiệm vụ {code}.',
    'done.submit': 'Đã gửi nhiệm vụ {code} để thẩm định.',
    'done.approve': 'Đã phê duyệt nhiệm vụ {code}.',
    'done.return': 'Đã trả lại nhiệm vụ {code} để thực hiện tiếp.',
    'done.cancel': 'Đã hủy nhiệm vụ {code}.',
    'kind.task': 'Nhiệm vụ',
    'kind.subtask': 'Nhiệm vụ con',
    'part.lead': 'Chủ trì',
    'part.coordinating': 'Phối hợp',
    'part.reviewer': 'Thẩm định',
    'rule.workflow-step-allowed-for-role':
      'Vai trò của bạn ({mine}) không được thực hiện bước này; cần vai trò: {roles}.',
    'rule.task-step-by-lead-agency': 'Chỉ cơ quan chủ trì ({agency}) được thực hiện bước này; bạn thuộc {mine}.',
    'rule.approver-approves-own':
      'Chỉ người phê duyệt của cơ quan thẩm định ({agency}) được thực hiện bước này; bạn thuộc {mine}.',
    'rule.contribution-by-coordinating-agency':
      'Chỉ cơ quan phối hợp ({agencies}) hoàn thành phần việc của mình; bạn thuộc {mine}.',
    'rule.role-required': 'Cần vai trò {roles}; vai trò của bạn: {mine}.',
    'refusal.state': 'Không áp dụng khi nhiệm vụ ở trạng thái “{state}”.',
    'caution.blocked':
      'Nhiệm vụ đang bị chặn bởi {codes}: dịch vụ sẽ từ chối cho đến khi các nhiệm vụ đó được phê duyệt hoặc hủy.',
    'caution.contributions-open':
      'Phần phối hợp của {agencies} chưa hoàn thành: dịch vụ sẽ từ chối gửi cho đến khi hoàn thành.',
    'left.today': 'Đến hạn hôm nay',
    'left.days': 'Còn {n} ngày làm việc',
    'left.overdue': 'Quá hạn {n} ngày làm việc',
    'left.closed': 'Đã đóng',
    'left.draft': 'Chưa giao: hạn chưa tính',
    nobody: 'không có',
    'code.CONTRIBUTIONS_OPEN': 'còn phần phối hợp chưa hoàn thành',
    'code.TASK_BLOCKED': 'nhiệm vụ đang bị nhiệm vụ khác chặn',
    'code.ILLEGAL_TRANSITION': 'bước này không áp dụng ở trạng thái hiện tại (có thể vừa có người khác thay đổi)',
    'code.REASON_REQUIRED': 'bước này cần lý do',
    'code.TASK_NOT_OPEN': 'nhiệm vụ không ở trạng thái cho phép việc này',
    'code.PROGRESS_NOT_REPORTABLE': 'tiến độ của nhiệm vụ này không báo cáo trực tiếp',
    'code.CONTRIBUTION_ALREADY_COMPLETED': 'phần phối hợp đã được hoàn thành trước đó',
    'code.TASK_NOT_FOUND': 'không tìm thấy nhiệm vụ',
    'code.FORBIDDEN': 'quy tắc truy cập không cho phép',
  },
  en: {
    'state.DRAFT': 'Draft',
    'state.ASSIGNED': 'Assigned',
    'state.IN_PROGRESS': 'In progress',
    'state.SUBMITTED': 'Awaiting review',
    'state.APPROVED': 'Approved',
    'state.CANCELLED': 'Cancelled',
    'action.assign': 'Assign',
    'action.start': 'Start',
    'action.submit': 'Submit for review',
    'action.approve': 'Approve',
    'action.return': 'Return',
    'action.cancel': 'Cancel the task',
    'done.assign': 'Task {code} assigned.',
    'done.start': 'Task {code} started.',
    'done.submit': 'Task {code} submitted for review.',
    'done.approve': 'Task {code} approved.',
    'done.return': 'Task {code} returned to its lead agency.',
    'done.cancel': 'Task {code} cancelled.',
    'kind.task': 'Task',
    'kind.subtask': 'Sub-task',
    'part.lead': 'Lead',
    'part.coordinating': 'Coordinating',
    'part.reviewer': 'Reviewer',
    'rule.workflow-step-allowed-for-role': 'Your roles ({mine}) may not take this step; it needs the role: {roles}.',
    'rule.task-step-by-lead-agency': 'Only the lead agency ({agency}) takes this step; you are with {mine}.',
    'rule.approver-approves-own':
      'Only an approver of the reviewing agency ({agency}) takes this step; you are with {mine}.',
    'rule.contribution-by-coordinating-agency':
      'Only a coordinating agency ({agencies}) completes its own contribution; you are with {mine}.',
    'rule.role-required': 'This needs the role {roles}; your roles: {mine}.',
    'refusal.state': 'Not possible while the task is “{state}”.',
    'caution.blocked':
      'The task is blocked by {codes}: the service refuses to start it until they are approved or cancelled.',
    'caution.contributions-open':
      'The contribution of {agencies} is still open: the service refuses the submission until it is completed.',
    'left.today': 'Due today',
    'left.days': '{n} working days left',
    'left.overdue': '{n} working days overdue',
    'left.closed': 'Closed',
    'left.draft': 'Not assigned yet: the deadline does not run',
    nobody: 'none',
    'code.CONTRIBUTIONS_OPEN': 'a coordinating contribution is still open',
    'code.TASK_BLOCKED': 'another task blocks this one',
    'code.ILLEGAL_TRANSITION': 'the step does not apply in the present state (someone may have just changed it)',
    'code.REASON_REQUIRED': 'the step needs a reason',
    'code.TASK_NOT_OPEN': 'the task is not in a state that allows this',
    'code.PROGRESS_NOT_REPORTABLE': "this task's progress is not reported directly",
    'code.CONTRIBUTION_ALREADY_COMPLETED': 'the contribution had been completed already',
    'code.TASK_NOT_FOUND': 'no such task',
    'code.FORBIDDEN': 'an access rule does not allow it',
  },
};

const CODES = [
  'CONTRIBUTIONS_OPEN',
  'TASK_BLOCKED',
  'ILLEGAL_TRANSITION',
  'REASON_REQUIRED',
  'TASK_NOT_OPEN',
  'PROGRESS_NOT_REPORTABLE',
  'CONTRIBUTION_ALREADY_COMPLETED',
  'TASK_NOT_FOUND',
  'FORBIDDEN',
] as const;

const STATE_COLOURS: Record<TaskState, string | undefined> = {
  DRAFT: undefined,
  ASSIGNED: TAG.indigo,
  IN_PROGRESS: TAG.blue,
  SUBMITTED: TAG.gold,
  APPROVED: TAG.green,
  CANCELLED: undefined,
};

export function useTaskWords() {
  const t = useText(TEXT);
  const state = useCallback((s: TaskState | null) => (s ? t(`state.${s}`) : '—'), [t]);
  const action = useCallback((a: TaskAction) => t(`action.${a}`), [t]);
  const done = useCallback((a: TaskAction, code: string) => t(`done.${a}`, { code }), [t]);
  const kind = useCallback((k: string) => (k === 'subtask' ? t('kind.subtask') : t('kind.task')), [t]);
  const part = useCallback((p: 'lead' | 'coordinating' | 'reviewer') => t(`part.${p}`), [t]);
  /** A refused step in words: the rule's meaning with the agencies and roles it names. */
  const refusal = useCallback(
    (r: StepRefusal, mine: { agency: string; roles: string[] }, taskState: TaskState | null) => {
      if (r.kind === 'state') return t('refusal.state', { state: state(taskState) });
      return t(`rule.${r.rule}`, {
        roles: (r.roles ?? []).join(', ') || t('nobody'),
        agency: r.agency ?? t('nobody'),
        agencies: (r.agencies ?? []).join(', ') || t('nobody'),
        mine:
          r.rule === 'workflow-step-allowed-for-role' || r.rule === 'role-required'
            ? mine.roles.join(', ')
            : mine.agency,
      });
    },
    [t, state],
  );
  const caution = useCallback(
    (c: StepCaution) =>
      c.kind === 'blocked'
        ? t('caution.blocked', { codes: c.codes.join(', ') })
        : t('caution.contributions-open', { agencies: c.agencies.join(', ') }),
    [t],
  );
  /** Working days left (n ≥ 0) or overdue (n < 0) of an open task; a draft's deadline does not run yet. */
  const left = useCallback(
    (n: number | undefined, open: boolean, state: TaskState | null) => {
      if (state === 'DRAFT') return t('left.draft');
      if (!open) return t('left.closed');
      if (n === undefined) return '—';
      if (n === 0) return t('left.today');
      return n > 0 ? t('left.days', { n }) : t('left.overdue', { n: -n });
    },
    [t],
  );
  /** A refusal's code (the `error` of the service's answer) in words, with the code: "…: còn phần … (CONTRIBUTIONS_OPEN)". */
  const why = useCallback(
    (error: unknown) => {
      const code = (error as { body?: { error?: string } } | null)?.body?.error;
      if (!code) return '';
      const known = (CODES as readonly string[]).includes(code);
      return known ? `: ${t(`code.${code as (typeof CODES)[number]}`)} (${code})` : ` (${code})`;
    },
    [t],
  );
  return { state, action, done, kind, part, refusal, caution, left, why };
}

export function StateTag({ state }: { state: TaskState | null }) {
  const words = useTaskWords();
  if (!state) return null;
  return (
    <Tag
      color={STATE_COLOURS[state]}
      variant={STATE_COLOURS[state] ? 'solid' : 'outlined'}
      data-testid="task-state"
      data-state={state}
    >
      {words.state(state)}
    </Tag>
  );
}
