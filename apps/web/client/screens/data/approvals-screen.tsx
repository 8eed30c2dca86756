import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, post } from '../../api/client';
import { usePerson } from '../../auth/session-context';
import { useDraft } from '../../common/drafts';
import { describeError, ErrorNotice } from '../../common/errors';
import { formatDateTime } from '../../common/format';
import { periodLabel } from '../../common/periods';
import { ReloadButton } from '../../common/reload-button';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { rowAttributes } from '../../common/table';
import { useLoad } from '../../common/use-load';
import { VisuallyHidden } from '../../common/visually-hidden';
import { type Dictionary, useLanguage, useLocalName } from '../../i18n/language';
import {
  addressPager,
  AgencyName,
  type ApprovalCell,
  type Catalogue,
  CELL_FILTERS,
  CellFilters,
  cellKey,
  CellValue,
  EmptyText,
  facets,
  FilterPanel,
  FilterSelect,
  IndicatorName,
  loadCatalogue,
  loadQueue,
  namedOptions,
  UnitAndPeriod,
  usePluralText,
} from './data-shared';
import { ValueHistory } from './value-history';

const TEXT: Dictionary<
  | 'title'
  | 'indicator'
  | 'value'
  | 'agency'
  | 'reportedAt'
  | 'actions'
  | 'approve'
  | 'return'
  | 'selected'
  | 'approveSelected'
  | 'returnSelected'
  | 'clearSelection'
  | 'total'
  | 'empty'
  | 'emptyFiltered'
  | 'truncated'
  | 'confirmApprove'
  | 'confirmApproveBody'
  | 'returnTitle'
  | 'returnWhat'
  | 'reason'
  | 'reasonHelp'
  | 'reasonRequired'
  | 'reasonDraft'
  | 'andMore'
  | 'gone'
  | 'cancel'
  | 'resultTitleApprove'
  | 'resultTitleReturn'
  | 'resultApproved'
  | 'resultReturned'
  | 'resultChanged'
  | 'resultMissing'
  | 'resultDenied'
  | 'resultNotAwaiting'
  | 'resultNotDone'
  | 'summaryDone'
  | 'summaryUnchanged'
  | 'summaryRefused'
  | 'deselectFailed'
  | 'dismiss'
  | 'openData'
  | 'systemNote'
  | 'approvedToast'
  | 'returnedToast'
  | 'refusedToast'
  | 'selectRow'
  | 'history'
  | 'unitPeriod'
  | 'report'
> = {
  vi: {
    title: 'Số liệu chờ phê duyệt',
    indicator: 'Chỉ tiêu',
    value: 'Giá trị',
    agency: 'Cơ quan báo cáo',
    reportedAt: 'Báo cáo lúc',
    actions: 'Thao tác',
    approve: 'Phê duyệt',
    return: 'Trả lại',
    selected: 'Đã chọn {n} giá trị',
    approveSelected: 'Phê duyệt các giá trị đã chọn',
    returnSelected: 'Trả lại các giá trị đã chọn',
    clearSelection: 'Bỏ chọn',
    total: '{from}–{to} trong {n} giá trị',
    empty: 'Không có giá trị nào chờ cơ quan bạn phê duyệt.',
    emptyFiltered: 'Không có giá trị nào khớp bộ lọc.',
    truncated: 'Hàng đợi quá dài: chỉ hiện {n} giá trị đầu tiên. Hãy phê duyệt bớt rồi tải lại.',
    confirmApprove: 'Phê duyệt {n} giá trị?',
    confirmApproveBody:
      'Các giá trị được phê duyệt đúng như bạn đang thấy. Nếu một giá trị vừa được báo cáo lại, không giá trị nào thay đổi.',
    returnTitle: 'Trả lại {n} giá trị cho cơ quan báo cáo',
    returnWhat: 'Giá trị được trả lại:',
    reason: 'Lý do trả lại (bắt buộc)',
    reasonHelp: 'Nói rõ cơ quan báo cáo cần sửa gì; lý do được gửi tới họ.',
    reasonRequired: 'Hãy nhập lý do trả lại.',
    reasonDraft: 'Nội dung đang gõ được lưu trên trình duyệt này cho tới khi gửi.',
    andMore: 'và {n} giá trị khác',
    gone: 'Các giá trị này không còn chờ phê duyệt (đã được xử lý hoặc báo cáo lại).',
    cancel: 'Hủy',
    resultTitleApprove: 'Kết quả phê duyệt',
    resultTitleReturn: 'Kết quả trả lại',
    resultApproved: 'Đã phê duyệt',
    resultReturned: 'Đã trả lại',
    resultChanged: 'Đã có báo cáo mới ({current}) thay cho báo cáo bạn xem ({seen})',
    resultMissing: 'Không còn giá trị này',
    resultDenied: 'Không có quyền',
    resultNotAwaiting: 'Đã bị trả lại, cần báo cáo sửa trước khi phê duyệt',
    resultNotDone: 'Không thực hiện (cả lô bị từ chối)',
    summaryDone: '{n} giá trị đã đổi trạng thái.',
    summaryUnchanged: '{n} giá trị đã ở trạng thái này từ trước.',
    summaryRefused: 'Không giá trị nào thay đổi: {message}',
    deselectFailed: 'Bỏ chọn các giá trị lỗi',
    dismiss: 'Đóng kết quả',
    openData: 'Dữ liệu mở',
    systemNote: 'Ghi chú',
    approvedToast: 'Đã phê duyệt {n} giá trị.',
    returnedToast: 'Đã trả lại {n} giá trị cho cơ quan báo cáo.',
    refusedToast: 'Không thực hiện được: {message}',
    selectRow: 'Chọn {name}',
    history: 'Các lần báo cáo',
    unitPeriod: 'Đơn vị · Kỳ',
    report: 'mã báo cáo',
  },
  en: {
    title: 'Values awaiting approval',
    indicator: 'Indicator',
    value: 'Value',
    agency: 'Reporting agency',
    reportedAt: 'Reported',
    actions: 'Actions',
    approve: 'Approve',
    return: 'Return',
    selected: '{n} value{s} selected',
    approveSelected: 'Approve the selected values',
    returnSelected: 'Return the selected values',
    clearSelection: 'Clear selection',
    total: '{from}–{to} of {n} value{s}',
    empty: 'No values await your agency’s approval.',
    emptyFiltered: 'No values match the filters.',
    truncated: 'The queue is very long: only the first {n} values are shown. Approve some, then reload.',
    confirmApprove: 'Approve {n} value{s}?',
    confirmApproveBody:
      'The values are approved as you see them. If one has just been reported again, none of them changes.',
    returnTitle: 'Return {n} value{s} to the reporting agency',
    returnWhat: 'Values returned:',
    reason: 'Reason for returning (required)',
    reasonHelp: 'Say what the reporting agency must correct; the reason is sent to it.',
    reasonRequired: 'Enter the reason for returning.',
    reasonDraft: 'What you type is kept in this browser until it is sent.',
    andMore: 'and {n} more',
    gone: 'These values no longer await approval (decided or reported again).',
    cancel: 'Cancel',
    resultTitleApprove: 'Approval result',
    resultTitleReturn: 'Return result',
    resultApproved: 'Approved',
    resultReturned: 'Returned',
    resultChanged: 'A newer report ({current}) replaced the one you saw ({seen})',
    resultMissing: 'This value no longer exists',
    resultDenied: 'Not allowed',
    resultNotAwaiting: 'Returned: needs a corrected report before approval',
    resultNotDone: 'Not done (the batch was refused)',
    summaryDone: 'Changed state: {n} value{s}.',
    summaryUnchanged: 'Already in that state: {n} value{s}.',
    summaryRefused: 'No value changed: {message}',
    deselectFailed: 'Deselect the failed values',
    dismiss: 'Dismiss',
    openData: 'Open data',
    systemNote: 'Note',
    approvedToast: 'Approved: {n} value{s}.',
    returnedToast: 'Returned to the reporting agency: {n} value{s}.',
    refusedToast: 'Not done: {message}',
    selectRow: 'Select {name}',
    history: 'Reports of this cell',
    unitPeriod: 'Org unit · Period',
    report: 'report',
  },
};

/** The service takes at most 1,000 cells per decision, all or none. */
const MAX_CELLS_PER_DECISION = 1000;
const NO_KEYS: string[] = [];

type Kind = 'approve' | 'return';
type ResultCode = 'approved' | 'returned' | 'changed' | 'missing' | 'denied' | 'not-awaiting' | 'not-done';

interface OutcomeRow {
  key: string;
  cell: ApprovalCell;
  result: ResultCode;
  currentReportId?: string;
  seenReportId?: string;
}

interface Outcome {
  kind: Kind;
  rows: OutcomeRow[];
  changed: number;
  unchanged: number;
  error?: unknown;
}

interface CellRef {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  reportId?: string;
  currentReportId?: string;
}

const ref = (c: ApprovalCell) => ({
  indicatorCode: c.indicatorCode,
  orgUnitCode: c.orgUnitCode,
  period: c.period,
  reportId: c.reportId,
});

/** Which cells a refusal names (details.changed, .missing, .returned, .cell), by key. */
function refusedCells(error: unknown): { code: ResultCode; cells: Map<string, CellRef> } | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const details = (error.body.details ?? {}) as Record<string, unknown>;
  const list = (value: unknown): CellRef[] =>
    Array.isArray(value) ? (value as CellRef[]) : value && typeof value === 'object' ? [value as CellRef] : [];
  const pick = (code: ResultCode, value: unknown) => ({
    code,
    cells: new Map(list(value).map((c) => [cellKey(c), c])),
  });
  if (error.body.error === 'VALUE_CHANGED_SINCE_SEEN') return pick('changed', details.changed);
  if (error.body.error === 'VALUE_NOT_FOUND') return pick('missing', details.missing);
  if (error.body.error === 'VALUE_NOT_AWAITING_APPROVAL') return pick('not-awaiting', details.returned);
  if (error.status === 403) return pick('denied', details.cell);
  return undefined;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The cells the person's agency approves, awaiting a decision: filter, select, approve or return with a reason. */
export function ApprovalsScreen() {
  const t = usePluralText(TEXT);
  const { language } = useLanguage();
  const localName = useLocalName();
  const person = usePerson();
  const { message, modal } = App.useApp();
  const narrow = !(Grid.useBreakpoint().md ?? true);
  const [filters, setFilters] = useSearchState({
    indicator: '',
    unit: '',
    period: '',
    agency: '',
    page: '1',
    size: '20',
  });
  const { data, error, loading, reload } = useLoad(
    () => Promise.all([loadCatalogue(), loadQueue('pending')]),
    [person.agency],
  );
  const catalogue: Catalogue | undefined = data?.[0];
  const queue = useMemo(() => data?.[1].cells ?? [], [data]);
  const byKey = useMemo(() => new Map(queue.map((c) => [cellKey(c), c])), [queue]);

  const [storedSelection, setSelection] = useDraft<string[]>(`approvals:${person.agency}:selected`, NO_KEYS);
  const selection = useMemo(() => storedSelection.filter((k) => byKey.has(k)), [storedSelection, byKey]);
  const [returning, setReturning, clearReturning] = useDraft<string[] | null>(
    `approvals:${person.agency}:returning`,
    null,
  );
  const [reason, setReason, clearReason] = useDraft(`approvals:${person.agency}:return-reason`, '');
  const [reasonTouched, setReasonTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);

  const filtered = facets(queue, filters, { ...CELL_FILTERS, agency: (c) => c.reportingAgency });
  const rows = filtered.rows;
  const indicatorName = (code: string) => {
    const indicator = catalogue?.indicators.get(code);
    return indicator ? localName(indicator) : code;
  };
  const agencyName = (code: string) => {
    const agency = catalogue?.agencies.get(code);
    return agency ? localName(agency) : code;
  };
  const setFilter = (changes: Partial<typeof filters>) => setFilters({ ...changes, page: '1' });

  const describeCell = (c: ApprovalCell) =>
    `${indicatorName(c.indicatorCode)} · ${c.orgUnitName} · ${periodLabel(language, c.period)}`;

  async function decide(kind: Kind, cells: ApprovalCell[], why?: string): Promise<boolean> {
    setBusy(true);
    const result: Outcome = { kind, rows: [], changed: 0, unchanged: 0 };
    for (const batch of chunks(cells, MAX_CELLS_PER_DECISION)) {
      try {
        const answer = await post<{ changed: number; unchanged: number }>(
          'indicators',
          `/v1/indicator-values/approvals/${kind}`,
          { cells: batch.map(ref), ...(kind === 'return' ? { reason: why } : {}) },
        );
        result.changed += answer.changed;
        result.unchanged += answer.unchanged;
        for (const c of batch)
          result.rows.push({ key: cellKey(c), cell: c, result: kind === 'approve' ? 'approved' : 'returned' });
      } catch (failure) {
        result.error = failure;
        const named = refusedCells(failure);
        for (const c of batch) {
          const hit = named?.cells.get(cellKey(c));
          result.rows.push({
            key: cellKey(c),
            cell: c,
            result: hit && named ? named.code : 'not-done',
            currentReportId: hit?.currentReportId,
            seenReportId: hit?.reportId,
          });
        }
      }
    }
    setBusy(false);
    setOutcome(result);
    const done = result.rows.filter((r) => r.result === 'approved' || r.result === 'returned');
    if (done.length > 0)
      void message.success(t(kind === 'approve' ? 'approvedToast' : 'returnedToast', { n: done.length }));
    if (result.error) void message.error(t('refusedToast', { message: describeError(result.error).message }), 8);
    const doneKeys = new Set(done.map((r) => r.key));
    setSelection(storedSelection.filter((k) => !doneKeys.has(k)));
    reload();
    return !result.error;
  }

  const confirmApprove = (cells: ApprovalCell[]) => {
    if (cells.length === 0) return;
    modal.confirm({
      title: t('confirmApprove', { n: cells.length }),
      content: (
        <>
          <p>{t('confirmApproveBody')}</p>
          <CellList cells={cells} describe={describeCell} more={(n) => t('andMore', { n })} />
        </>
      ),
      okText: t('approve'),
      cancelText: t('cancel'),
      okButtonProps: { 'data-testid': 'approve-confirm' },
      onOk: () => decide('approve', cells),
    });
  };

  const returningCells = (returning ?? []).flatMap((k) => byKey.get(k) ?? []);
  const submitReturn = async () => {
    setReasonTouched(true);
    if (!reason.trim() || returningCells.length === 0) return;
    const ok = await decide('return', returningCells, reason.trim());
    // The dialog closes either way, so the result shows; a refused return keeps its reason for another try.
    clearReturning();
    setReasonTouched(false);
    if (ok) clearReason();
  };

  const actions = (c: ApprovalCell) => (
    <Flex gap={4} wrap>
      <Button
        size="small"
        type="primary"
        ghost
        icon={<CheckOutlined />}
        aria-label={`${t('approve')}: ${describeCell(c)}`}
        data-testid={`approve-${cellKey(c)}`}
        disabled={busy}
        onClick={() => confirmApprove([c])}
      >
        {t('approve')}
      </Button>
      <Button
        size="small"
        danger
        icon={<RollbackOutlined />}
        aria-label={`${t('return')}: ${describeCell(c)}`}
        data-testid={`return-${cellKey(c)}`}
        disabled={busy}
        onClick={() => setReturning([cellKey(c)])}
      >
        {t('return')}
      </Button>
    </Flex>
  );
  const value = (c: ApprovalCell) => (
    <>
      <CellValue
        value={c.value}
        numerator={c.numerator}
        denominator={c.denominator}
        indicator={catalogue?.indicators.get(c.indicatorCode)}
        testId={`approval-value-${cellKey(c)}`}
      />
      {c.approvalReason && (
        <div style={{ maxWidth: 260 }}>
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t('systemNote')}: {c.approvalReason}
          </Typography.Text>
        </div>
      )}
    </>
  );
  const toggleHistory = (c: ApprovalCell) =>
    setExpanded((keys) => (keys.includes(cellKey(c)) ? keys.filter((k) => k !== cellKey(c)) : [...keys, cellKey(c)]));
  // A phone gets one column: each value as a card, its history opened from a link (no expand column).
  const columns: TableColumnsType<ApprovalCell> = narrow
    ? [
        {
          title: t('indicator'),
          key: 'card',
          render: (_, c) => (
            <Flex vertical gap={4}>
              <IndicatorName code={c.indicatorCode} catalogue={catalogue} />
              <Typography.Text type="secondary">
                {c.orgUnitName} · {periodLabel(language, c.period)} · {c.reportingAgency}
              </Typography.Text>
              {value(c)}
              <Flex justify="space-between" align="center" wrap gap={4}>
                {actions(c)}
                <Button
                  type="link"
                  size="small"
                  onClick={() => toggleHistory(c)}
                  aria-expanded={expanded.includes(cellKey(c))}
                >
                  {t('history')}
                </Button>
              </Flex>
            </Flex>
          ),
        },
      ]
    : [
        {
          title: t('indicator'),
          key: 'indicator',
          render: (_, c) => (
            <div style={{ maxWidth: 320, minWidth: 200 }}>
              <IndicatorName code={c.indicatorCode} catalogue={catalogue} />
            </div>
          ),
        },
        {
          title: t('unitPeriod'),
          key: 'unit',
          render: (_, c) => <UnitAndPeriod cell={c} />,
        },
        { title: t('value'), key: 'value', render: (_, c) => value(c) },
        {
          title: t('agency'),
          key: 'agency',
          render: (_, c) => <AgencyName code={c.reportingAgency} catalogue={catalogue} />,
        },
        { title: t('actions'), key: 'actions', render: (_, c) => actions(c) },
      ];

  return (
    <ScreenFrame
      name="approvals"
      title={t('title')}
      loaded={data !== undefined || error !== undefined}
      extra={<ReloadButton onClick={reload} loading={loading && data !== undefined} />}
    >
      {error !== undefined && <ErrorNotice error={error} />}
      {data?.[1].truncated && (
        <Alert type="warning" showIcon title={t('truncated', { n: queue.length })} style={{ marginBottom: 12 }} />
      )}
      {outcome && (
        <DecisionResult
          outcome={outcome}
          describe={describeCell}
          selected={selection}
          onDeselect={(keys) => setSelection(storedSelection.filter((k) => !keys.has(k)))}
          onDismiss={() => setOutcome(null)}
        />
      )}
      <FilterPanel
        narrow={narrow}
        active={[filters.indicator, filters.unit, filters.period, filters.agency].filter(Boolean).length}
      >
        <CellFilters
          screen="approvals"
          cells={queue}
          chosen={filters}
          counts={filtered.counts}
          catalogue={catalogue}
          narrow={narrow}
          onChange={setFilter}
        />
        <FilterSelect
          id="approvals-agency"
          testId="filter-agency"
          label={t('agency')}
          width={narrow ? '100%' : 240}
          value={filters.agency}
          options={namedOptions(filtered.counts('agency'), agencyName, language)}
          onChange={(agency) => setFilter({ agency })}
          wideMenu
        />
      </FilterPanel>
      <Flex gap="small" wrap align="center" style={{ marginBottom: 8 }} data-testid="selection-bar">
        <Typography.Text data-testid="selection-count">{t('selected', { n: selection.length })}</Typography.Text>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          disabled={selection.length === 0 || busy}
          data-testid="approve-selected"
          onClick={() => confirmApprove(selection.flatMap((k) => byKey.get(k) ?? []))}
        >
          {narrow ? t('approve') : t('approveSelected')}
        </Button>
        <Button
          danger
          icon={<RollbackOutlined />}
          disabled={selection.length === 0 || busy}
          data-testid="return-selected"
          onClick={() => setReturning(selection)}
        >
          {narrow ? t('return') : t('returnSelected')}
        </Button>
        {selection.length > 0 && (
          <Button type="link" onClick={() => setSelection(NO_KEYS)}>
            {t('clearSelection')}
          </Button>
        )}
      </Flex>
      <Table<ApprovalCell>
        data-testid="approvals-table"
        rowKey={cellKey}
        size={narrow ? 'small' : 'middle'}
        tableLayout={narrow ? 'fixed' : undefined}
        loading={loading && data === undefined}
        dataSource={rows}
        columns={columns}
        onRow={(c) => rowAttributes({ 'data-testid': `approval-row-${cellKey(c)}`, 'data-report-id': c.reportId })}
        rowSelection={{
          selectedRowKeys: selection,
          preserveSelectedRowKeys: true,
          selections: [Table.SELECTION_ALL, Table.SELECTION_INVERT, Table.SELECTION_NONE],
          onChange: (keys) => setSelection(keys.map(String)),
          getCheckboxProps: (c) =>
            ({ 'aria-label': t('selectRow', { name: describeCell(c) }) }) as Record<string, string>,
        }}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded(keys.map(String)),
          showExpandColumn: !narrow,
          columnTitle: <VisuallyHidden>{t('history')}</VisuallyHidden>,
          expandedRowRender: (c) => (
            <Flex vertical gap="small">
              <Typography.Text type="secondary">
                {t('reportedAt')}: {formatDateTime(language, c.reportedAt)} · {t('report')} {c.reportId}
              </Typography.Text>
              <ValueHistory cell={c} indicator={catalogue?.indicators.get(c.indicatorCode)} />
            </Flex>
          ),
        }}
        locale={{ emptyText: <EmptyText text={queue.length === 0 ? t('empty') : t('emptyFiltered')} /> }}
        pagination={addressPager(filters, rows.length, {
          narrow,
          totalText: (n, [from, to]) => t('total', { from, to, n }),
          update: setFilters,
        })}
      />
      <Modal
        open={returning !== null && data !== undefined}
        title={t('returnTitle', { n: returningCells.length })}
        okText={t('return')}
        cancelText={t('cancel')}
        okButtonProps={{
          danger: true,
          loading: busy,
          disabled: returningCells.length === 0,
          'data-testid': 'return-confirm',
        }}
        onOk={() => void submitReturn()}
        onCancel={() => {
          clearReturning();
          setReasonTouched(false);
        }}
        destroyOnHidden
      >
        {returningCells.length === 0 ? (
          <Alert type="info" showIcon title={t('gone')} />
        ) : (
          <>
            <Typography.Paragraph>{t('returnWhat')}</Typography.Paragraph>
            <CellList cells={returningCells} describe={describeCell} more={(n) => t('andMore', { n })} />
            <Form layout="vertical" onFinish={() => void submitReturn()}>
              <Form.Item
                label={t('reason')}
                htmlFor="return-reason"
                required
                validateStatus={reasonTouched && !reason.trim() ? 'error' : undefined}
                help={reasonTouched && !reason.trim() ? t('reasonRequired') : t('reasonHelp')}
                extra={t('reasonDraft')}
              >
                <Input.TextArea
                  id="return-reason"
                  data-testid="return-reason"
                  autoFocus
                  rows={4}
                  maxLength={2000}
                  showCount
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </Form.Item>
            </Form>
          </>
        )}
      </Modal>
    </ScreenFrame>
  );
}

function CellList({
  cells,
  describe,
  more,
}: {
  cells: ApprovalCell[];
  describe: (c: ApprovalCell) => string;
  more: (n: number) => string;
}) {
  const shown = cells.slice(0, 5);
  return (
    <ul style={{ paddingInlineStart: 20, marginTop: 0 }}>
      {shown.map((c) => (
        <li key={cellKey(c)}>{describe(c)}</li>
      ))}
      {cells.length > shown.length && <li>{more(cells.length - shown.length)}</li>}
    </ul>
  );
}

/** What a decision did, value by value, and why a refused one was refused. */
function DecisionResult({
  outcome,
  describe,
  selected,
  onDeselect,
  onDismiss,
}: {
  outcome: Outcome;
  describe: (c: ApprovalCell) => string;
  selected: string[];
  onDeselect: (keys: Set<string>) => void;
  onDismiss: () => void;
}) {
  const t = usePluralText(TEXT);
  const failed = outcome.rows.filter((r) => r.result !== 'approved' && r.result !== 'returned');
  // Values the refusal names that are still selected: deselect them to send the rest again.
  const blocking = new Set(failed.filter((r) => r.result !== 'not-done' && selected.includes(r.key)).map((r) => r.key));
  const label = (r: OutcomeRow): string => {
    switch (r.result) {
      case 'approved':
        return t('resultApproved');
      case 'returned':
        return t('resultReturned');
      case 'changed':
        return t('resultChanged', { current: r.currentReportId ?? '?', seen: r.seenReportId ?? r.cell.reportId });
      case 'missing':
        return t('resultMissing');
      case 'denied':
        return t('resultDenied');
      case 'not-awaiting':
        return t('resultNotAwaiting');
      default:
        return t('resultNotDone');
    }
  };
  const done = outcome.rows.length - failed.length;
  return (
    <Alert
      data-testid="decision-result"
      data-kind={outcome.kind}
      type={outcome.error ? (done > 0 ? 'warning' : 'error') : 'success'}
      showIcon
      closable={{ onClose: onDismiss, 'aria-label': t('dismiss') }}
      style={{ marginBottom: 12 }}
      title={outcome.kind === 'approve' ? t('resultTitleApprove') : t('resultTitleReturn')}
      description={
        <Space orientation="vertical" style={{ width: '100%' }}>
          {done > 0 && (
            <Typography.Text>
              {t('summaryDone', { n: outcome.changed })}{' '}
              {outcome.unchanged > 0 && t('summaryUnchanged', { n: outcome.unchanged })}
            </Typography.Text>
          )}
          {outcome.error !== undefined && <ErrorNotice error={outcome.error} />}
          <ul style={{ paddingInlineStart: 20, margin: 0 }}>
            {outcome.rows.map((r) => (
              <li key={r.key} data-testid={`decision-result-${r.key}`} data-result={r.result}>
                <Tag
                  style={{ whiteSpace: 'normal' }}
                  color={
                    r.result === 'approved'
                      ? 'green'
                      : r.result === 'returned'
                        ? 'orange'
                        : r.result === 'not-done'
                          ? 'default'
                          : 'red'
                  }
                >
                  {label(r)}
                </Tag>
                {describe(r.cell)}
                {r.result === 'approved' && (
                  <>
                    {' · '}
                    <a
                      href={`/api/reporting/open-data/aggregates.json?${new URLSearchParams({ indicator: r.cell.indicatorCode, period: r.cell.period }).toString()}`}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {t('openData')}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
          {blocking.size > 0 && (
            <Button size="small" onClick={() => onDeselect(blocking)} data-testid="deselect-failed">
              {t('deselectFailed')}
            </Button>
          )}
        </Space>
      }
    />
  );
}
