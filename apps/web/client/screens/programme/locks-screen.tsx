import {
  App,
  Alert,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ApiError, post } from '../../api/client';
import { usePerson } from '../../auth/session-context';
import { useDraft } from '../../common/drafts';
import { formatDate, formatDateTime, vietnamToday } from '../../common/format';
import {
  parsePeriod,
  periodLabel,
  periodText,
  periodsOfYear,
  PERIOD_TYPES,
  periodTypeLabel,
} from '../../common/periods';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { pageOf, rowAttributes, tablePager } from '../../common/table';
import { TAG } from '../../common/tag-colours';
import { useLoad } from '../../common/use-load';
import { VisuallyHidden } from '../../common/visually-hidden';
import { type Dictionary, type Language, useLanguage, useText } from '../../i18n/language';
import { fetchPeriodLock, fetchPeriods, PAGE_SIZE, type PeriodLock } from './programme-data';
import { ActionError } from './programme-ui';

const TEXT: Dictionary<
  | 'title'
  | 'year'
  | 'type'
  | 'allTypes'
  | 'period'
  | 'rule'
  | 'noRule'
  | 'lastDay'
  | 'status'
  | 'open'
  | 'closed'
  | 'reopenedUntil'
  | 'reopenings'
  | 'actions'
  | 'reopen'
  | 'reopenTitle'
  | 'notClosed'
  | 'neverCloses'
  | 'reason'
  | 'reasonHelp'
  | 'reasonRequired'
  | 'until'
  | 'untilHelp'
  | 'untilRequired'
  | 'untilPast'
  | 'untilFar'
  | 'send'
  | 'cancel'
  | 'done'
  | 'noRules'
  | 'howLocks'
  | 'count'
  | 'none'
  | 'openedBy'
  | 'openedAt'
  | 'history'
  | 'noHistory'
  | 'summary'
  | 'lock'
  | 'lockTitle'
  | 'lockWarning'
  | 'lockReason'
  | 'lockReasonHelp'
  | 'lockReasonRequired'
  | 'lockSend'
  | 'lockDone'
  | 'lockedByHand'
  | 'manualLocks'
  | 'lockedBy'
  | 'lockedAt'
> = {
  vi: {
    title: 'Khóa kỳ báo cáo',
    year: 'Năm',
    type: 'Loại kỳ',
    allTypes: 'Mọi loại kỳ',
    period: 'Kỳ',
    rule: 'Quy tắc khóa',
    noRule: 'Không tự khóa',
    lastDay: 'Ngày cuối nhận báo cáo',
    status: 'Tình trạng',
    open: 'Đang nhận báo cáo',
    closed: 'Đã khóa',
    reopenedUntil: 'Mở lại đến {d}',
    reopenings: 'Lần mở lại',
    actions: 'Thao tác',
    reopen: 'Mở lại…',
    reopenTitle: 'Mở lại kỳ {p}',
    notClosed: 'Kỳ đang nhận báo cáo, không cần mở lại.',
    neverCloses: 'Loại kỳ này không có quy tắc khóa: kỳ chỉ khóa khi được khóa thủ công.',
    reason: 'Lý do mở lại',
    reasonHelp: 'Bắt buộc; được ghi vào nhật ký kiểm tra.',
    reasonRequired: 'Hãy nêu lý do mở lại kỳ.',
    until: 'Nhận báo cáo đến (giờ Việt Nam, UTC+7)',
    untilHelp: 'Sau thời điểm này kỳ lại khóa. Tối đa 366 ngày kể từ bây giờ.',
    untilRequired: 'Hãy chọn thời điểm kết thúc.',
    untilPast: 'Thời điểm kết thúc phải ở tương lai.',
    untilFar: 'Không được quá 366 ngày kể từ bây giờ.',
    send: 'Mở lại kỳ',
    cancel: 'Hủy',
    done: 'Đã mở lại kỳ {p} đến {d}. Các cơ quan có thể nộp báo cáo cho kỳ này đến thời điểm đó.',
    noRules:
      'Chưa cấu hình quy tắc khóa kỳ nào (PERIOD_CLOSING_RULES của dịch vụ chỉ tiêu): một kỳ chỉ khóa khi văn phòng chương trình khóa thủ công.',
    howLocks:
      'Kỳ báo cáo tự khóa theo quy tắc của loại kỳ (số ngày sau khi kết thúc kỳ); văn phòng chương trình cũng có thể khóa thủ công một kỳ đang nhận báo cáo, kèm lý do. Sau đó báo cáo gửi đến bị từ chối (PERIOD_LOCKED). Văn phòng chương trình có thể mở lại một kỳ đã khóa đến một thời điểm, kèm lý do; một lần khóa thủ công kết thúc các lần mở lại trước đó.',
    count: '{n} kỳ',
    none: 'Không có kỳ nào khớp bộ lọc.',
    openedBy: 'Người mở',
    openedAt: 'Lúc',
    history: 'Các lần khóa thủ công và mở lại',
    noHistory: 'Chưa lần nào bị khóa thủ công hay được mở lại.',
    summary: '{closed} kỳ đã khóa, {reopened} kỳ đang mở lại, {open} kỳ đang nhận báo cáo.',
    lock: 'Khóa kỳ…',
    lockTitle: 'Khóa kỳ {p}',
    lockWarning:
      'Từ bây giờ, báo cáo gửi cho kỳ này bị từ chối (PERIOD_LOCKED) cho tới khi kỳ được mở lại. Lần mở lại đang có hiệu lực (nếu có) kết thúc ngay.',
    lockReason: 'Lý do khóa',
    lockReasonHelp: 'Bắt buộc; được ghi vào nhật ký kiểm tra và nêu trong mỗi lần từ chối báo cáo của kỳ này.',
    lockReasonRequired: 'Hãy nêu lý do khóa kỳ.',
    lockSend: 'Khóa kỳ',
    lockDone: 'Đã khóa kỳ {p}. Báo cáo gửi cho kỳ này bị từ chối cho tới khi kỳ được mở lại.',
    lockedByHand: 'Khóa thủ công: {by}, lúc {at}. Lý do: {reason}',
    manualLocks: 'Lần khóa thủ công',
    lockedBy: 'Người khóa',
    lockedAt: 'Lúc',
  },
  en: {
    title: 'Period locks',
    year: 'Year',
    type: 'Period type',
    allTypes: 'Every period type',
    period: 'Period',
    rule: 'Closing rule',
    noRule: 'Never closes',
    lastDay: 'Last reporting day',
    status: 'Status',
    open: 'Taking reports',
    closed: 'Locked',
    reopenedUntil: 'Re-opened until {d}',
    reopenings: 'Re-openings',
    actions: 'Actions',
    reopen: 'Re-open…',
    reopenTitle: 'Re-open {p}',
    notClosed: 'The period still takes reports: nothing to re-open.',
    neverCloses: 'Periods of this type have no closing rule: they close only when locked by hand.',
    reason: 'Reason for re-opening',
    reasonHelp: 'Required; kept in the audit log.',
    reasonRequired: 'Say why the period is re-opened.',
    until: 'Take reports until (Vietnam time, UTC+7)',
    untilHelp: 'After that moment the period is locked again. At most 366 days from now.',
    untilRequired: 'Choose when the re-opening ends.',
    untilPast: 'The end must be in the future.',
    untilFar: 'At most 366 days from now.',
    send: 'Re-open the period',
    cancel: 'Cancel',
    done: '{p} re-opened until {d}. Agencies may report for it until then.',
    noRules:
      'No closing rule is configured (the indicators service’s PERIOD_CLOSING_RULES): a period closes only when the programme office locks it by hand.',
    howLocks:
      'A period closes by the rule of its type (days after its end); the programme office may also lock a period that takes reports by hand, with a reason. Reports sent after that are refused (PERIOD_LOCKED). The programme office may re-open a closed period until a given time, with a reason; a lock by hand ends the re-openings before it.',
    count: '{n} periods',
    none: 'No period matches the filters.',
    openedBy: 'By',
    openedAt: 'At',
    history: 'Locks by hand and re-openings',
    noHistory: 'Never locked by hand nor re-opened.',
    summary: '{closed} locked, {reopened} re-opened, {open} taking reports.',
    lock: 'Lock period…',
    lockTitle: 'Lock {p}',
    lockWarning:
      'From now on, reports for this period are refused (PERIOD_LOCKED) until it is re-opened. A re-opening in force, if any, ends at once.',
    lockReason: 'Reason for locking',
    lockReasonHelp: 'Required; kept in the audit log and quoted in every refusal of a report for this period.',
    lockReasonRequired: 'Say why the period is locked.',
    lockSend: 'Lock the period',
    lockDone: '{p} locked. Reports for it are refused until it is re-opened.',
    lockedByHand: 'Locked by hand: {by}, at {at}. Reason: {reason}',
    manualLocks: 'Locks by hand',
    lockedBy: 'By',
    lockedAt: 'At',
  },
};

function ruleText(language: Language, rule: string | null, never: string): string {
  if (!rule) return never;
  const m = /^(\w+) periods close (\d+) (working )?days? after the period end$/.exec(rule);
  if (!m) return rule;
  return language === 'vi'
    ? `Khóa sau ${m[2]} ngày ${m[3] ? 'làm việc ' : ''}kể từ cuối kỳ`
    : `Closes ${m[2]} ${m[3] ? 'working ' : ''}day${m[2] === '1' ? '' : 's'} after the period end`;
}

/** Status of every period of a year (one small request each, in parallel) and the years to choose from. */
async function loadLocks(year: number, type: string) {
  const ids = periodsOfYear(year).filter((p) => !type || parsePeriod(p)?.type === type);
  const [periods, ...locks] = await Promise.all([fetchPeriods(), ...ids.map(fetchPeriodLock)]);
  return { years: [...new Set(periods.map((p) => Number(p.slice(0, 4))))], locks: locks as PeriodLock[] };
}

export function LocksScreen() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const { message } = App.useApp();
  const thisYear = Number(vietnamToday().slice(0, 4));
  const [filters, setFilters] = useSearchState({ year: String(thisYear), type: '', open: '', page: '1' });
  const year = Number(filters.year) || thisYear;
  const type = (PERIOD_TYPES as readonly string[]).includes(filters.type) ? filters.type : '';
  const load = useLoad(() => loadLocks(year, type), [year, type]);
  const [reopening, setReopening] = useState<PeriodLock | undefined>();
  const [locking, setLocking] = useState<PeriodLock | undefined>();
  // The role itself, not hasRole (which lets admins through): the service's lock route admits programme-office only.
  const office = usePerson().roles.includes('programme-office');
  const [done, setDone] = useState<string | undefined>();
  const locks = useMemo(() => load.data?.locks ?? [], [load.data]);
  const years = useMemo(
    () => [...new Set([...(load.data?.years ?? []), thisYear, year])].sort((a, b) => b - a),
    [load.data, thisYear, year],
  );
  const counts = {
    closed: locks.filter((l) => l.closed && !l.openUntil).length,
    reopened: locks.filter((l) => l.closed && l.openUntil).length,
    open: locks.filter((l) => !l.closed).length,
  };
  const noRules = locks.length > 0 && locks.every((l) => l.closingRule === null);

  const tag = (l: PeriodLock) =>
    !l.closed ? (
      <Tag color={TAG.green} data-testid="lock-status" data-status="open">
        {t('open')}
      </Tag>
    ) : l.openUntil ? (
      <Tag color={TAG.orange} data-testid="lock-status" data-status="reopened">
        {t('reopenedUntil', { d: formatDateTime(language, l.openUntil) })}
      </Tag>
    ) : (
      <Tag color={TAG.red} data-testid="lock-status" data-status="closed">
        {t('closed')}
      </Tag>
    );
  const status = (l: PeriodLock) => {
    if (!l.manualLock) return tag(l);
    const lockedByHand = t('lockedByHand', {
      by: `${l.manualLock.lockedBy} (${l.manualLock.agency})`,
      at: formatDateTime(language, l.manualLock.lockedAt),
      reason: l.manualLock.reason,
    });
    // A reason may run to 500 characters: two lines here, the whole of it on hover and in the row's history.
    return (
      <Flex vertical gap={2} align="start">
        {tag(l)}
        <Typography.Paragraph
          type="secondary"
          ellipsis={{ rows: 2, tooltip: lockedByHand }}
          style={{ fontSize: 12, marginBottom: 0, maxWidth: 320 }}
          data-testid="manual-lock"
        >
          {lockedByHand}
        </Typography.Paragraph>
      </Flex>
    );
  };
  const action = (l: PeriodLock) => {
    const why = l.closed ? undefined : l.closingRule ? t('notClosed') : t('neverCloses');
    // With no rule at all, the notice above the table says it once for every row.
    const said = !l.closed && !l.closingRule && noRules;
    const button = (
      <Button
        size="small"
        disabled={!l.closed}
        onClick={() => setReopening(l)}
        data-testid="reopen"
        data-period={l.period}
        aria-describedby={why && !said ? `why-${l.period}` : undefined}
      >
        {t('reopen')}
      </Button>
    );
    return (
      <Flex vertical gap={2}>
        <Flex wrap gap={4}>
          {why ? <Tooltip title={why}>{button}</Tooltip> : button}
          {office && l.acceptsReports && (
            <Button size="small" danger onClick={() => setLocking(l)} data-testid="lock" data-period={l.period}>
              {t('lock')}
            </Button>
          )}
        </Flex>
        {why && !said && (
          <Typography.Text type="secondary" id={`why-${l.period}`} style={{ fontSize: 12 }}>
            {why}
          </Typography.Text>
        )}
      </Flex>
    );
  };
  const columns: ColumnsType<PeriodLock> = [
    {
      key: 'period',
      title: t('period'),
      render: (_, l) => (
        <span>
          {periodLabel(language, l.period)}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({l.period})
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'rule',
      title: t('rule'),
      responsive: ['md'],
      render: (_, l) => ruleText(language, l.closingRule, t('noRule')),
    },
    {
      key: 'lastDay',
      title: t('lastDay'),
      responsive: ['sm'],
      render: (_, l) => formatDate(language, l.lastReportingDay),
    },
    { key: 'status', title: t('status'), render: (_, l) => status(l) },
    {
      key: 'reopenings',
      title: t('reopenings'),
      responsive: ['md'],
      align: 'right',
      render: (_, l) => l.reopenings.length,
    },
    { key: 'actions', title: t('actions'), render: (_, l) => action(l) },
  ];

  return (
    <ScreenFrame name="programme-locks" title={t('title')} loaded={!load.loading}>
      {load.error !== undefined && <ActionError error={load.error} />}
      {done && (
        <Alert
          type="success"
          showIcon
          role="status"
          title={done}
          closable={{ onClose: () => setDone(undefined) }}
          style={{ marginBottom: 12 }}
          data-testid="action-result"
        />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('howLocks')}
      </Typography.Paragraph>
      {noRules && (
        <Alert type="info" showIcon title={t('noRules')} style={{ marginBottom: 12 }} data-testid="no-closing-rules" />
      )}
      <Flex wrap gap="small" align="center" style={{ marginBottom: 12 }} data-testid="locks-filters">
        <Select
          aria-label={t('year')}
          value={year}
          onChange={(y: number) => setFilters({ year: String(y), page: '1', open: '' })}
          style={{ width: 120 }}
          data-testid="filter-year"
          options={years.map((y) => ({ value: y, label: String(y) }))}
        />
        <Select
          allowClear
          aria-label={t('type')}
          placeholder={t('allTypes')}
          value={type || undefined}
          onChange={(v?: string) => setFilters({ type: v ?? '', page: '1', open: '' })}
          style={{ width: 180 }}
          data-testid="filter-type"
          options={PERIOD_TYPES.map((p) => ({ value: p, label: periodTypeLabel(language, p) }))}
        />
        {load.data && (
          <Typography.Text type="secondary" data-testid="locks-summary">
            {t('summary', { closed: counts.closed, reopened: counts.reopened, open: counts.open })}
          </Typography.Text>
        )}
      </Flex>
      <Table<PeriodLock>
        data-testid="locks-table"
        rowKey="period"
        size="small"
        columns={columns}
        dataSource={locks}
        onRow={(l) => rowAttributes({ 'data-period': l.period, 'data-testid': 'lock-row' })}
        locale={{ emptyText: load.loading ? ' ' : t('none') }}
        expandable={{
          columnTitle: <VisuallyHidden>{t('history')}</VisuallyHidden>,
          expandedRowKeys: filters.open ? [filters.open] : [],
          onExpand: (open, l) => setFilters({ open: open ? l.period : '' }),
          expandedRowRender: (l) =>
            l.reopenings.length === 0 && l.manualLocks.length === 0 ? (
              <Typography.Text type="secondary">{t('noHistory')}</Typography.Text>
            ) : (
              <Flex vertical gap="small">
                {l.manualLocks.length > 0 && (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    title={() => t('manualLocks')}
                    dataSource={l.manualLocks}
                    data-testid="manual-locks"
                    columns={[
                      { key: 'reason', title: t('lockReason'), dataIndex: 'reason' },
                      { key: 'by', title: t('lockedBy'), render: (_, m) => `${m.lockedBy} (${m.agency})` },
                      { key: 'at', title: t('lockedAt'), render: (_, m) => formatDateTime(language, m.lockedAt) },
                    ]}
                  />
                )}
                {l.reopenings.length > 0 && (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    title={() => t('reopenings')}
                    dataSource={l.reopenings}
                    data-testid="reopenings"
                    columns={[
                      { key: 'reason', title: t('reason'), dataIndex: 'reason' },
                      {
                        key: 'until',
                        title: t('reopenedUntil', { d: '' }).trim(),
                        render: (_, r) => formatDateTime(language, r.openUntil),
                      },
                      { key: 'by', title: t('openedBy'), render: (_, r) => `${r.openedBy} (${r.agency})` },
                      { key: 'at', title: t('openedAt'), render: (_, r) => formatDateTime(language, r.openedAt) },
                    ]}
                  />
                )}
              </Flex>
            ),
        }}
        pagination={tablePager({
          page: pageOf(filters.page),
          pageSize: PAGE_SIZE,
          total: locks.length,
          totalText: (n) => t('count', { n }),
          onChange: (page) => setFilters({ page: String(page) }),
        })}
      />
      {reopening && (
        <ReopenDialog
          key={reopening.period}
          lock={reopening}
          onClose={() => setReopening(undefined)}
          onStale={load.reload}
          onDone={(after) => {
            const text = t('done', {
              p: periodText(language, after.period),
              d: formatDateTime(language, after.openUntil),
            });
            setReopening(undefined);
            setDone(text);
            void message.success(text);
            load.reload();
          }}
        />
      )}
      {locking && (
        <LockDialog
          key={locking.period}
          lock={locking}
          onClose={() => setLocking(undefined)}
          onStale={load.reload}
          onDone={(after) => {
            const text = t('lockDone', { p: periodText(language, after.period) });
            setLocking(undefined);
            setDone(text);
            void message.success(text);
            load.reload();
          }}
        />
      )}
    </ScreenFrame>
  );
}

/**
 * Sends one of the programme office's actions on a period: the reason's draft is cleared once the service agrees,
 * and a 409 (the service judged the period's state differently from what the list shows: someone acted on it, or
 * its rule closed it, since the list was read) reloads the list beside the service's words.
 */
function usePeriodAction(onDone: (after: PeriodLock) => void, onStale: () => void) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const send = async (path: string, body: Record<string, string>, clearDraft: () => void) => {
    setSending(true);
    setError(undefined);
    try {
      const after = await post<PeriodLock>('indicators', path, body);
      clearDraft();
      onDone(after);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.status === 409) onStale();
    } finally {
      setSending(false);
    }
  };
  return { sending, error, send };
}

/** The required reason of an action, kept in the audit log; its problem shown once the person tried to send. */
function ReasonField({
  id,
  label,
  help,
  problem,
  value,
  onChange,
  maxLength,
}: {
  id: string;
  label: string;
  help: string;
  problem: string | undefined;
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
}) {
  return (
    <Form.Item
      label={label}
      required
      help={problem ?? help}
      validateStatus={problem ? 'error' : undefined}
      htmlFor={id}
    >
      <Input.TextArea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={maxLength}
        showCount
        autoSize={{ minRows: 3, maxRows: 8 }}
        data-testid={id}
      />
    </Form.Item>
  );
}

/** A dialog acting on one period: done with the period's state after, or stale when the service saw another. */
interface PeriodDialogProps {
  lock: PeriodLock;
  onClose: () => void;
  onDone: (after: PeriodLock) => void;
  onStale: () => void;
}

/** Re-opens a closed period until a moment, with a reason (the service audits both). */
function ReopenDialog({ lock, onClose, onDone, onStale }: PeriodDialogProps) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const [reason, setReason, clearReason] = useDraft(`programme-reopen-${lock.period}`, '');
  const [until, setUntil] = useState<Dayjs | null>(() => dayjs().add(7, 'day').hour(17).minute(0).second(0));
  const { sending, error, send: sendAction } = usePeriodAction(onDone, onStale);
  // After the first try: '' when the moment was fine then, else what was wrong with it.
  const [checked, setChecked] = useState<string | undefined>();
  // The moment chosen, read as Vietnam time whatever the browser's zone.
  const iso = until ? `${until.format('YYYY-MM-DDTHH:mm')}:00+07:00` : undefined;
  const untilProblem = (now: number) =>
    !iso
      ? t('untilRequired')
      : new Date(iso).getTime() <= now
        ? t('untilPast')
        : new Date(iso).getTime() - now > 366 * 86_400_000
          ? t('untilFar')
          : undefined;
  const reasonProblem = reason.trim() === '' ? t('reasonRequired') : undefined;

  const send = async () => {
    const problem = untilProblem(Date.now());
    setChecked(problem ?? '');
    if (problem || reasonProblem || !iso) return;
    await sendAction(
      `/v1/period-locks/${lock.period}/reopenings`,
      { reason: reason.trim(), openUntil: iso },
      clearReason,
    );
  };
  return (
    <Modal
      open
      title={t('reopenTitle', { p: periodText(language, lock.period) })}
      onCancel={onClose}
      okText={t('send')}
      cancelText={t('cancel')}
      onOk={() => void send()}
      confirmLoading={sending}
      okButtonProps={{ 'data-testid': 'reopen-send' } as ButtonProps}
      data-testid="reopen-dialog"
    >
      <Form layout="vertical" onFinish={() => void send()}>
        <ReasonField
          id="reopen-reason"
          label={t('reason')}
          help={t('reasonHelp')}
          problem={checked !== undefined ? reasonProblem : undefined}
          value={reason}
          onChange={setReason}
          maxLength={2000}
        />
        <Form.Item
          label={t('until')}
          required
          help={checked || t('untilHelp')}
          validateStatus={checked ? 'error' : undefined}
          htmlFor="reopen-until"
        >
          <DatePicker
            id="reopen-until"
            showTime={{ format: 'HH:mm' }}
            format="DD/MM/YYYY HH:mm"
            value={until}
            onChange={(d: Dayjs | null) => {
              setUntil(d);
              if (checked) setChecked('');
            }}
            style={{ width: '100%' }}
            data-testid="reopen-until"
          />
        </Form.Item>
      </Form>
      {error !== undefined && <ActionError error={error} />}
    </Modal>
  );
}

/** Locks a period that takes reports, with a reason (the service audits it and quotes it in every refusal). */
function LockDialog({ lock, onClose, onDone, onStale }: PeriodDialogProps) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const [reason, setReason, clearReason] = useDraft(`programme-lock-${lock.period}`, '');
  const { sending, error, send: sendAction } = usePeriodAction(onDone, onStale);
  const [tried, setTried] = useState(false);
  const reasonProblem = reason.trim() === '' ? t('lockReasonRequired') : undefined;

  const send = async () => {
    setTried(true);
    if (reasonProblem) return;
    await sendAction(`/v1/period-locks/${lock.period}/locks`, { reason: reason.trim() }, clearReason);
  };
  return (
    <Modal
      open
      title={t('lockTitle', { p: periodText(language, lock.period) })}
      onCancel={onClose}
      okText={t('lockSend')}
      cancelText={t('cancel')}
      onOk={() => void send()}
      confirmLoading={sending}
      okButtonProps={{ danger: true, 'data-testid': 'lock-send' } as ButtonProps}
      data-testid="lock-dialog"
    >
      <Alert type="warning" showIcon title={t('lockWarning')} style={{ marginBottom: 12 }} />
      <Form layout="vertical" onFinish={() => void send()}>
        <ReasonField
          id="lock-reason"
          label={t('lockReason')}
          help={t('lockReasonHelp')}
          problem={tried ? reasonProblem : undefined}
          value={reason}
          onChange={setReason}
          // The service's limit: the reason is quoted in every refused report.
          maxLength={500}
        />
      </Form>
      {error !== undefined && <ActionError error={error} />}
    </Modal>
  );
}
