import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Grid, Table, type TableColumnsType, Typography } from 'antd';
import { useMemo } from 'react';
import { usePerson } from '../../auth/session-context';
import { ErrorNotice } from '../../common/errors';
import { formatDateTime } from '../../common/format';
import { periodLabel } from '../../common/periods';
import { ReloadButton } from '../../common/reload-button';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { rowAttributes } from '../../common/table';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage } from '../../i18n/language';
import { CorrectionDrawer, type ReturnedValue } from './correction-drawer';
import {
  addressPager,
  CELL_FILTERS,
  CellFilters,
  cellKey,
  CellValue,
  EmptyText,
  facets,
  FilterPanel,
  IndicatorName,
  loadCatalogue,
  loadReturnedCells,
  UnitAndPeriod,
  usePluralText,
} from './data-shared';

const TEXT: Dictionary<
  | 'title'
  | 'indicator'
  | 'value'
  | 'reason'
  | 'returned'
  | 'actions'
  | 'correct'
  | 'total'
  | 'empty'
  | 'emptyFiltered'
  | 'truncated'
  | 'unitPeriod'
> = {
  vi: {
    title: 'Số liệu bị trả lại cần sửa',
    indicator: 'Chỉ tiêu',
    value: 'Giá trị bị trả lại',
    reason: 'Lý do của người phê duyệt',
    returned: 'Trả lại lúc',
    actions: 'Thao tác',
    correct: 'Sửa số liệu',
    total: '{from}–{to} trong {n} giá trị',
    empty: 'Cơ quan bạn không có giá trị nào bị trả lại.',
    emptyFiltered: 'Không có giá trị nào khớp bộ lọc.',
    truncated: 'Danh sách quá dài: chỉ hiện phần đầu.',
    unitPeriod: 'Đơn vị · Kỳ',
  },
  en: {
    title: 'Returned values to correct',
    indicator: 'Indicator',
    value: 'Returned value',
    reason: 'Approver’s reason',
    returned: 'Returned',
    actions: 'Actions',
    correct: 'Correct',
    total: '{from}–{to} of {n} value{s}',
    empty: 'Your agency has no returned values.',
    emptyFiltered: 'No values match the filters.',
    truncated: 'The list is very long: only its beginning is shown.',
    unitPeriod: 'Org unit · Period',
  },
};

/** The agency's returned values, as the indicators service lists them to its reporters. */
async function loadReturned(): Promise<{ values: ReturnedValue[]; truncated: boolean }> {
  const { cells, truncated } = await loadReturnedCells();
  const values = cells.map((c) => ({
    indicatorCode: c.indicatorCode,
    orgUnitCode: c.orgUnitCode,
    orgUnitName: c.orgUnitName,
    period: c.period,
    value: c.value,
    numerator: c.numerator,
    denominator: c.denominator,
    reportId: c.reportId,
    reason: c.approvalReason ?? '',
    returnedBy: c.approvalChangedBy,
    returnedAt: c.approvalChangedAt,
  }));
  return { values, truncated };
}

/** The agency's values an approver returned, with the reason, each corrected in a drawer (kept in the address). */
export function ReturnedScreen() {
  const t = usePluralText(TEXT);
  const { language } = useLanguage();
  const person = usePerson();
  const narrow = !(Grid.useBreakpoint().md ?? true);
  const [filters, setFilters] = useSearchState({
    indicator: '',
    unit: '',
    period: '',
    page: '1',
    size: '20',
    correct: '',
  });
  const { data, error, loading, reload } = useLoad(
    () => Promise.all([loadCatalogue(), loadReturned()]),
    [person.agency],
  );
  const catalogue = data?.[0];
  const values = useMemo(() => data?.[1].values ?? [], [data]);

  const filtered = facets(values, filters, CELL_FILTERS);
  const rows = filtered.rows;
  const setFilter = (changes: Partial<typeof filters>) => setFilters({ ...changes, page: '1' });

  const reasonBlock = (v: ReturnedValue) => (
    <div style={{ maxWidth: 360 }}>
      <Typography.Text type="danger" data-testid={`returned-reason-${cellKey(v)}`}>
        {v.reason}
      </Typography.Text>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {[v.returnedBy, formatDateTime(language, v.returnedAt)].filter(Boolean).join(' · ')}
        </Typography.Text>
      </div>
    </div>
  );
  const figure = (v: ReturnedValue) => (
    <CellValue
      value={v.value}
      numerator={v.numerator}
      denominator={v.denominator}
      indicator={catalogue?.indicators.get(v.indicatorCode)}
    />
  );
  const correctButton = (v: ReturnedValue) => (
    <Button
      type="primary"
      size="small"
      icon={<EditOutlined />}
      data-testid={`correct-${cellKey(v)}`}
      aria-label={`${t('correct')}: ${v.indicatorCode} · ${v.orgUnitName} · ${periodLabel(language, v.period)}`}
      onClick={() => setFilters({ correct: cellKey(v) })}
    >
      {t('correct')}
    </Button>
  );
  // A phone gets one column: each returned value as a card.
  const columns: TableColumnsType<ReturnedValue> = narrow
    ? [
        {
          title: t('indicator'),
          key: 'card',
          render: (_, v) => (
            <Flex vertical gap={4}>
              <IndicatorName code={v.indicatorCode} catalogue={catalogue} />
              <Typography.Text type="secondary">
                {v.orgUnitName} · {periodLabel(language, v.period)}
              </Typography.Text>
              {figure(v)}
              {reasonBlock(v)}
              <div>{correctButton(v)}</div>
            </Flex>
          ),
        },
      ]
    : [
        {
          title: t('indicator'),
          key: 'indicator',
          render: (_, v) => (
            <div style={{ maxWidth: 300, minWidth: 180 }}>
              <IndicatorName code={v.indicatorCode} catalogue={catalogue} />
            </div>
          ),
        },
        {
          title: t('unitPeriod'),
          key: 'unit',
          render: (_, v) => <UnitAndPeriod cell={v} />,
        },
        { title: t('value'), key: 'value', render: (_, v) => figure(v) },
        { title: t('reason'), key: 'reason', render: (_, v) => reasonBlock(v) },
        { title: t('actions'), key: 'actions', render: (_, v) => correctButton(v) },
      ];

  const correcting = filters.correct;
  return (
    <ScreenFrame
      name="returned"
      title={t('title')}
      loaded={data !== undefined || error !== undefined}
      extra={<ReloadButton onClick={reload} loading={loading && data !== undefined} />}
    >
      {error !== undefined && <ErrorNotice error={error} />}
      {data?.[1].truncated && <Alert type="warning" showIcon title={t('truncated')} style={{ marginBottom: 12 }} />}
      <FilterPanel narrow={narrow} active={[filters.indicator, filters.unit, filters.period].filter(Boolean).length}>
        <CellFilters
          screen="returned"
          cells={values}
          chosen={filters}
          counts={filtered.counts}
          catalogue={catalogue}
          narrow={narrow}
          onChange={setFilter}
        />
      </FilterPanel>
      <Table<ReturnedValue>
        rowKey={cellKey}
        size={narrow ? 'small' : 'middle'}
        tableLayout={narrow ? 'fixed' : undefined}
        loading={loading && data === undefined}
        dataSource={rows}
        columns={columns}
        onRow={(v) => rowAttributes({ 'data-testid': `returned-row-${cellKey(v)}` })}
        locale={{ emptyText: <EmptyText text={values.length === 0 ? t('empty') : t('emptyFiltered')} /> }}
        pagination={addressPager(filters, rows.length, {
          narrow,
          totalText: (n, [from, to]) => t('total', { from, to, n }),
          update: setFilters,
        })}
      />
      {correcting && data !== undefined && (
        <CorrectionDrawer
          key={correcting}
          keyOfCell={correcting}
          item={values.find((v) => cellKey(v) === correcting)}
          catalogue={catalogue}
          onClose={() => setFilters({ correct: '' })}
          onCorrected={reload}
        />
      )}
    </ScreenFrame>
  );
}
