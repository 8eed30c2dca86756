import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Grid, Select, Table, type TableColumnsType, Typography } from 'antd';
import { type HTMLAttributes, useMemo } from 'react';
import { usePerson } from '../../auth/session-context';
import { ErrorNotice } from '../../common/errors';
import { formatDateTime } from '../../common/format';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage, useLocalName } from '../../i18n/language';
import { CorrectionDrawer, type ReturnedValue } from './correction-drawer';
import {
  cellKey,
  CellValue,
  comparePeriods,
  countBy,
  IndicatorName,
  loadCatalogue,
  loadReturnedCells,
  PAGE_SIZES,
  usePeriodLabel,
  FilterPanel,
  EmptyText,
  usePluralText,
} from './data-shared';

const TEXT: Dictionary<
  | 'title'
  | 'reload'
  | 'indicator'
  | 'orgUnit'
  | 'period'
  | 'value'
  | 'reason'
  | 'returned'
  | 'actions'
  | 'correct'
  | 'all'
  | 'total'
  | 'empty'
  | 'emptyFiltered'
  | 'truncated'
  | 'filters'
  | 'unitPeriod'
> = {
  vi: {
    title: 'Số liệu bị trả lại cần sửa',
    reload: 'Tải lại',
    indicator: 'Chỉ tiêu',
    orgUnit: 'Đơn vị hành chính',
    period: 'Kỳ báo cáo',
    value: 'Giá trị bị trả lại',
    reason: 'Lý do của người phê duyệt',
    returned: 'Trả lại lúc',
    actions: 'Thao tác',
    correct: 'Sửa số liệu',
    all: 'Tất cả',
    total: '{from}–{to} trong {n} giá trị',
    empty: 'Cơ quan bạn không có giá trị nào bị trả lại.',
    emptyFiltered: 'Không có giá trị nào khớp bộ lọc.',
    truncated: 'Danh sách quá dài: chỉ hiện phần đầu.',
    filters: 'Bộ lọc',
    unitPeriod: 'Đơn vị · Kỳ',
  },
  en: {
    title: 'Returned values to correct',
    reload: 'Reload',
    indicator: 'Indicator',
    orgUnit: 'Org unit',
    period: 'Period',
    value: 'Returned value',
    reason: 'Approver’s reason',
    returned: 'Returned',
    actions: 'Actions',
    correct: 'Correct',
    all: 'All',
    total: '{from}–{to} of {n} value{s}',
    empty: 'Your agency has no returned values.',
    emptyFiltered: 'No values match the filters.',
    truncated: 'The list is very long: only its beginning is shown.',
    filters: 'Filters',
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

const rowProps = (testId: string) => ({ 'data-testid': testId }) as HTMLAttributes<HTMLElement>;

/** The agency's values an approver returned, with the reason, each corrected in a drawer (kept in the address). */
export function ReturnedScreen() {
  const t = usePluralText(TEXT);
  const { language } = useLanguage();
  const localName = useLocalName();
  const periodLabel = usePeriodLabel();
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

  type Filter = 'indicator' | 'unit' | 'period';
  const matches = (v: ReturnedValue, skip?: Filter) =>
    (skip === 'indicator' || !filters.indicator || v.indicatorCode === filters.indicator) &&
    (skip === 'unit' || !filters.unit || v.orgUnitCode === filters.unit) &&
    (skip === 'period' || !filters.period || v.period === filters.period);
  const rows = values.filter((v) => matches(v));
  const facet = (name: Filter, key: (v: ReturnedValue) => string) => {
    const counts = countBy(
      values.filter((v) => matches(v, name)),
      key,
    );
    if (filters[name] && !counts.has(filters[name])) counts.set(filters[name], 0);
    return counts;
  };
  const unitNames = new Map(values.map((v) => [v.orgUnitCode, v.orgUnitName]));
  const indicatorOptions = [...facet('indicator', (v) => v.indicatorCode)]
    .map(([code, n]) => {
      const indicator = catalogue?.indicators.get(code);
      return { value: code, label: `${indicator ? localName(indicator) : code} (${code}) · ${n}` };
    })
    .sort((a, b) => a.label.localeCompare(b.label, language));
  const unitOptions = [...facet('unit', (v) => v.orgUnitCode)]
    .map(([code, n]) => ({ value: code, label: `${unitNames.get(code) ?? code} (${code}) · ${n}` }))
    .sort((a, b) => a.label.localeCompare(b.label, 'vi'));
  const periodOptions = [...facet('period', (v) => v.period)]
    .sort(([a], [b]) => comparePeriods(a, b))
    .map(([code, n]) => ({ value: code, label: `${periodLabel(code)} · ${n}` }));
  const size = Number(filters.size) || 20;
  const page = Math.min(Math.max(Number(filters.page) || 1, 1), Math.max(Math.ceil(rows.length / size), 1));
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
      aria-label={`${t('correct')}: ${v.indicatorCode} · ${v.orgUnitName} · ${periodLabel(v.period)}`}
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
                {v.orgUnitName} · {periodLabel(v.period)}
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
          render: (_, v) => (
            <>
              {v.orgUnitName} <Typography.Text type="secondary">({v.orgUnitCode})</Typography.Text>
              <br />
              {periodLabel(v.period)} <Typography.Text type="secondary">({v.period})</Typography.Text>
            </>
          ),
        },
        { title: t('value'), key: 'value', render: (_, v) => figure(v) },
        { title: t('reason'), key: 'reason', render: (_, v) => reasonBlock(v) },
        { title: t('actions'), key: 'actions', render: (_, v) => correctButton(v) },
      ];

  const filterWidth = narrow ? '100%' : 240;
  const correcting = filters.correct;
  return (
    <ScreenFrame
      name="returned"
      title={t('title')}
      loaded={data !== undefined || error !== undefined}
      extra={
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading && data !== undefined}>
          {t('reload')}
        </Button>
      }
    >
      {error !== undefined && <ErrorNotice error={error} />}
      {data?.[1].truncated && <Alert type="warning" showIcon title={t('truncated')} style={{ marginBottom: 12 }} />}
      <FilterPanel narrow={narrow} active={[filters.indicator, filters.unit, filters.period].filter(Boolean).length}>
        <Form.Item label={t('indicator')} htmlFor="returned-indicator" style={{ width: filterWidth, margin: 0 }}>
          <Select
            id="returned-indicator"
            data-testid="filter-indicator"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('all')}
            value={filters.indicator || undefined}
            options={indicatorOptions}
            onChange={(v?: string) => setFilter({ indicator: v ?? '' })}
            popupMatchSelectWidth={false}
          />
        </Form.Item>
        <Form.Item label={t('orgUnit')} htmlFor="returned-unit" style={{ width: filterWidth, margin: 0 }}>
          <Select
            id="returned-unit"
            data-testid="filter-unit"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('all')}
            value={filters.unit || undefined}
            options={unitOptions}
            onChange={(v?: string) => setFilter({ unit: v ?? '' })}
          />
        </Form.Item>
        <Form.Item label={t('period')} htmlFor="returned-period" style={{ width: narrow ? '100%' : 200, margin: 0 }}>
          <Select
            id="returned-period"
            data-testid="filter-period"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('all')}
            value={filters.period || undefined}
            options={periodOptions}
            onChange={(v?: string) => setFilter({ period: v ?? '' })}
          />
        </Form.Item>
      </FilterPanel>
      <Table<ReturnedValue>
        rowKey={cellKey}
        size={narrow ? 'small' : 'middle'}
        tableLayout={narrow ? 'fixed' : undefined}
        loading={loading && data === undefined}
        dataSource={rows}
        columns={columns}
        onRow={(v) => rowProps(`returned-row-${cellKey(v)}`)}
        locale={{ emptyText: <EmptyText text={values.length === 0 ? t('empty') : t('emptyFiltered')} /> }}
        pagination={{
          current: page,
          pageSize: size,
          total: rows.length,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          size: narrow ? 'small' : undefined,
          showTotal: (n, [from, to]) => t('total', { from, to, n }),
          onChange: (p, s) => setFilters({ page: String(p), size: String(s) }),
        }}
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
