import { Empty, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime } from '../../common/format';
import { type Dictionary, useLanguage, useText } from '../../i18n/language';
import type { HistoryEntry, TaskAction } from './task-api';
import { useTaskWords } from './task-words';

const TEXT: Dictionary<
  | 'title'
  | 'empty'
  | 'by'
  | 'reason'
  | 'created'
  | 'updated'
  | 'progress-reported'
  | 'contribution-completed'
  | 'deadline-extended'
  | 'dependency-added'
  | 'dependency-removed'
  | 'escalated'
  | 'percent'
  | 'note'
  | 'evidence'
  | 'level'
  | 'overdueDays'
  | 'escalatedTo'
  | 'deadline'
  | 'blockedBy'
  | 'agency'
  | 'scheduler'
  | 'other'
  | 'level.officer'
  | 'level.agency-head'
  | 'level.provincial-office'
> = {
  vi: {
    title: 'Lịch sử',
    empty: 'Chưa có thay đổi nào.',
    by: 'bởi {actor}',
    reason: 'Lý do',
    created: 'Tạo nhiệm vụ',
    updated: 'Sửa thông tin',
    'progress-reported': 'Báo cáo tiến độ',
    'contribution-completed': 'Hoàn thành phần phối hợp',
    'deadline-extended': 'Gia hạn',
    'dependency-added': 'Thêm nhiệm vụ chặn',
    'dependency-removed': 'Bỏ nhiệm vụ chặn',
    escalated: 'Chuyển cấp do quá hạn',
    percent: 'Tiến độ',
    note: 'Ghi chú',
    evidence: 'Minh chứng',
    level: 'Cấp',
    overdueDays: 'quá hạn {n} ngày làm việc',
    escalatedTo: 'chuyển đến {agency}',
    deadline: 'Hạn {from} → {to}',
    blockedBy: 'Bị chặn bởi',
    agency: 'Cơ quan',
    scheduler: 'hệ thống nhắc hạn',
    other: 'Thay đổi',
    'level.officer': 'cán bộ phụ trách',
    'level.agency-head': 'lãnh đạo cơ quan',
    'level.provincial-office': 'văn phòng UBND tỉnh',
  },
  en: {
    title: 'History',
    empty: 'No change yet.',
    by: 'by {actor}',
    reason: 'Reason',
    created: 'Created',
    updated: 'Details changed',
    'progress-reported': 'Progress reported',
    'contribution-completed': 'Contribution completed',
    'deadline-extended': 'Deadline extended',
    'dependency-added': 'Blocker added',
    'dependency-removed': 'Blocker removed',
    escalated: 'Escalated as overdue',
    percent: 'Progress',
    note: 'Comment',
    evidence: 'Evidence',
    level: 'Level',
    overdueDays: '{n} working days overdue',
    escalatedTo: 'to {agency}',
    deadline: 'Deadline {from} → {to}',
    blockedBy: 'Blocked by',
    agency: 'Agency',
    scheduler: 'the deadline scheduler',
    other: 'Change',
    'level.officer': 'officer in charge',
    'level.agency-head': 'head of agency',
    'level.provincial-office': "provincial People's Committee office",
  },
};

const STEPS = new Set(['assign', 'start', 'submit', 'approve', 'return', 'cancel']);
const OTHER = new Set([
  'created',
  'updated',
  'progress-reported',
  'contribution-completed',
  'deadline-extended',
  'dependency-added',
  'dependency-removed',
  'escalated',
]);

type Level = 'officer' | 'agency-head' | 'provincial-office';
const LEVELS: string[] = ['officer', 'agency-head', 'provincial-office'];

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/** Every change of the task, newest first: steps with their reasons, progress reports, extensions, escalations. */
export function TaskHistory({ entries }: { entries: HistoryEntry[] }) {
  const t = useText(TEXT);
  const words = useTaskWords();
  const { language } = useLanguage();

  const label = (e: HistoryEntry) =>
    STEPS.has(e.action)
      ? words.action(e.action as TaskAction)
      : OTHER.has(e.action)
        ? t(e.action as 'created')
        : `${t('other')}: ${e.action}`;

  const detail = (e: HistoryEntry) => {
    const d = e.details ?? {};
    const lines: ReactNode[] = [];
    if (e.fromState || e.toState) lines.push(`${words.state(e.fromState)} → ${words.state(e.toState)}`);
    if (e.reason) lines.push(`${t('reason')}: ${e.reason}`);
    if (e.action === 'progress-reported') {
      if (str(d.percent)) lines.push(`${t('percent')}: ${str(d.percent)}%`);
      if (str(d.note)) lines.push(`${t('note')}: ${str(d.note)}`);
      const evidence = Array.isArray(d.evidenceLinks) ? d.evidenceLinks.map(String) : [];
      if (evidence.length)
        lines.push(
          <span key="evidence">
            {t('evidence')}:{' '}
            {evidence.map((href) => (
              <a key={href} href={href} target="_blank" rel="noreferrer noopener" style={{ marginRight: 8 }}>
                {href}
              </a>
            ))}
          </span>,
        );
    }
    if (e.action === 'contribution-completed') {
      if (str(d.agency)) lines.push(`${t('agency')}: ${str(d.agency)}`);
      if (str(d.note)) lines.push(`${t('note')}: ${str(d.note)}`);
    }
    if (e.action === 'deadline-extended' && str(d.dueDate))
      lines.push(
        t('deadline', { from: formatDate(language, str(d.previousDueDate)), to: formatDate(language, str(d.dueDate)) }),
      );
    if (e.action.startsWith('dependency-') && str(d.blockedBy)) lines.push(`${t('blockedBy')}: ${str(d.blockedBy)}`);
    if (e.action === 'escalated') {
      const parts = [
        str(d.level) &&
          `${t('level')}: ${LEVELS.includes(str(d.level) ?? '') ? t(`level.${str(d.level) as Level}`) : str(d.level)}`,
        str(d.workingDaysOverdue) && t('overdueDays', { n: str(d.workingDaysOverdue) ?? '' }),
        str(d.escalatedTo) && t('escalatedTo', { agency: str(d.escalatedTo) ?? '' }),
      ].filter(Boolean);
      lines.push(parts.join(' · '));
    }
    return lines;
  };

  return (
    <section aria-labelledby="task-history-title" data-testid="task-history">
      <Typography.Title level={2} id="task-history-title" style={{ fontSize: 16, marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      {entries.length === 0 ? (
        <Empty description={t('empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={[...entries].reverse().map((e) => ({
            key: e.id,
            color:
              e.action === 'cancel' || e.action === 'escalated' ? 'red' : e.action === 'approve' ? 'green' : 'blue',
            content: (
              <div data-testid="history-entry" data-action={e.action}>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {formatDateTime(language, e.at)}
                </Typography.Text>
                <Typography.Text strong>{label(e)}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {t('by', {
                    actor:
                      e.actor === 'scheduler' ? t('scheduler') : [e.actor, e.agency].filter(Boolean).join(' · ') || '—',
                  })}
                </Typography.Text>
                {detail(e).map((line, i) => (
                  <div key={i} style={{ overflowWrap: 'anywhere' }}>
                    {line}
                  </div>
                ))}
              </div>
            ),
          }))}
        />
      )}
    </section>
  );
}
