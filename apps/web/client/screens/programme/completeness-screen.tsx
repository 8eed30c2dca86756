import { Card, Col, Flex, Grid, Row, Segmented, Select, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useCallback, useMemo } from 'react';
import { get } from '../../api/client';
import { agencyIndex, loadAgencies } from '../../common/agencies';
import { Chart } from '../../common/chart';
import { formatDate, formatNumber, formatPercent } from '../../common/format';
import { comparePeriods, periodEnd, periodOptionsByYear, periodText, yearsOf } from '../../common/periods';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { pageOf, rowAttributes, tablePager } from '../../common/table';
import { matches } from '../../common/text-match';
import { useLoad } from '../../common/use-load';
import { VisuallyHidden } from '../../common/visually-hidden';
import { type Dictionary, useLanguage, useText } from '../../i18n/language';
import {
  type CompletenessView,
  fetchCompleteness as completeness,
  fetchPeriods,
  loadProvince,
  type OrgUnit,
  PAGE_SIZE,
  ratios,
  type ReportCounts,
  sumCounts,
} from './programme-data';
import { ActionError, AgencyName, SearchFilter } from './programme-ui';

const TEXT: Dictionary<
  | 'title'
  | 'period'
  | 'measure'
  | 'completeness'
  | 'timeliness'
  | 'completenessShort'
  | 'timelinessShort'
  | 'search'
  | 'agency'
  | 'expected'
  | 'received'
  | 'onTime'
  | 'total'
  | 'heatmap'
  | 'heatmapLabel'
  | 'heatmapHelp'
  | 'allYears'
  | 'allYearsShort'
  | 'table'
  | 'tableHelp'
  | 'none'
  | 'count'
  | 'nothingOwed'
  | 'until'
  | 'successor'
  | 'byPeriod'
  | 'byUnit'
  | 'due'
  | 'own'
  | 'unit'
  | 'tooltip'
  | 'expand'
  | 'province'
> = {
  vi: {
    title: 'Đầy đủ và đúng hạn',
    period: 'Kỳ báo cáo',
    measure: 'Chỉ số',
    completeness: 'Tỷ lệ đầy đủ',
    timeliness: 'Tỷ lệ đúng hạn',
    completenessShort: 'Đầy đủ',
    timelinessShort: 'Đúng hạn',
    search: 'Tìm cơ quan',
    agency: 'Cơ quan',
    expected: 'Phải nộp',
    received: 'Đã nhận',
    onTime: 'Đúng hạn',
    total: 'Tổng ({n} cơ quan)',
    heatmap: 'Theo cơ quan và năm',
    heatmapLabel: 'Bản đồ nhiệt: {m} của từng cơ quan theo từng năm',
    heatmapHelp:
      'Mỗi ô là số báo cáo đã nhận (hoặc nhận đúng hạn) chia cho số báo cáo phải nộp trong năm, kể cả các kỳ tháng, quý, 6 tháng trong năm. Cột “Cả giai đoạn” cộng tử số và mẫu số của các năm, không lấy trung bình các tỷ lệ. Ô trống: cơ quan không phải nộp báo cáo nào. Bấm vào một ô để xem năm đó.',
    allYears: 'Cả giai đoạn',
    allYearsShort: 'Tổng',
    table: 'Chi tiết kỳ {p}',
    tableHelp: 'Cơ quan ít đầy đủ nhất xếp trước. Mở một dòng để xem theo kỳ con và theo đơn vị hành chính.',
    none: 'Không có cơ quan nào khớp bộ lọc.',
    count: '{n} cơ quan',
    nothingOwed: 'không phải nộp',
    until: 'đến {d}',
    successor: 'nay là {c}',
    byPeriod: 'Theo kỳ (hạn nộp)',
    byUnit: 'Theo đơn vị hành chính',
    due: 'Hạn nộp',
    own: 'Cấp tỉnh (chính đơn vị)',
    unit: 'Đơn vị',
    tooltip: '{a} · {y}: {r}/{e} báo cáo ({p})',
    expand: 'Xem chi tiết',
    province: 'Toàn tỉnh',
  },
  en: {
    title: 'Completeness and timeliness',
    period: 'Reporting period',
    measure: 'Measure',
    completeness: 'Completeness',
    timeliness: 'Timeliness',
    completenessShort: 'Complete',
    timelinessShort: 'On time',
    search: 'Search agencies',
    agency: 'Agency',
    expected: 'Owed',
    received: 'Received',
    onTime: 'On time',
    total: 'Total ({n} agencies)',
    heatmap: 'By agency and year',
    heatmapLabel: 'Heat map: {m} of each agency in each year',
    heatmapHelp:
      'Each cell is the reports received (or received on time) over the reports owed in the year, monthly, quarterly and half-yearly periods included. “Whole programme” adds up the numerators and denominators of the years; it never averages ratios. Empty: the agency owed nothing. Click a cell to see that year.',
    allYears: 'Whole programme',
    allYearsShort: 'All',
    table: 'Details of {p}',
    tableHelp: 'The least complete agency first. Open a row to see its sub-periods and administrative units.',
    none: 'No agency matches the filters.',
    count: '{n} agencies',
    nothingOwed: 'nothing owed',
    until: 'until {d}',
    successor: 'now {c}',
    byPeriod: 'By period (due day)',
    byUnit: 'By administrative unit',
    due: 'Due',
    own: 'Province level (the unit itself)',
    unit: 'Unit',
    tooltip: '{a} · {y}: {r}/{e} reports ({p})',
    expand: 'Show details',
    province: 'Whole province',
  },
};

type Measure = 'completeness' | 'timeliness';
type AgencyRow = ReportCounts & { agency: string };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function ratioOf(c: ReportCounts, measure: Measure): number | null {
  return ratios(c)[measure];
}

export function CompletenessScreen() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const bp = Grid.useBreakpoint();
  const [filters, setFilters] = useSearchState({
    period: '',
    measure: 'completeness',
    q: '',
    open: '',
    page: '1',
  });
  const measure: Measure = filters.measure === 'timeliness' ? 'timeliness' : 'completeness';

  // Every year with figures, each year's completeness by agency (one request a year, in parallel).
  const years = useLoad(async () => {
    const [periods, orgUnit, agencies] = await Promise.all([fetchPeriods(), loadProvince(), loadAgencies()]);
    const yearIds = yearsOf(periods);
    const views = await Promise.all(yearIds.map((y) => completeness(orgUnit, y)));
    return { periods, orgUnit, agencies, years: yearIds, views };
  }, []);
  const latestYear = years.data?.years.at(-1) ?? '';
  const period = filters.period || latestYear;
  const yearView = years.data?.views[years.data.years.indexOf(period)];
  // The period chosen, when it is not one of the years already asked for.
  const chosen = useLoad(
    async () => (period && !yearView && years.data ? completeness(years.data.orgUnit, period) : undefined),
    [period, !!years.data],
  );
  const view = yearView ?? chosen.data;
  const agencies = useMemo(() => agencyIndex(years.data?.agencies ?? []), [years.data]);
  const agencyText = useCallback(
    (code: string) => {
      const a = agencies.get(code);
      return a ? `${code} ${a.nameVi} ${a.nameEn}` : code;
    },
    [agencies],
  );

  const rows = useMemo<AgencyRow[]>(
    () =>
      (view?.byAgency ?? [])
        .filter((r) => matches(filters.q, agencyText(r.agency)))
        .sort(
          (a, b) =>
            (ratioOf(a, 'completeness') ?? 2) - (ratioOf(b, 'completeness') ?? 2) ||
            (ratioOf(a, 'timeliness') ?? 2) - (ratioOf(b, 'timeliness') ?? 2) ||
            a.agency.localeCompare(b.agency),
        ),
    [view, filters.q, agencyText],
  );
  const total = useMemo(() => sumCounts(rows), [rows]);

  // Heat map: agencies (rows) × years and the whole programme (columns).
  const heat = useMemo(() => {
    const data = years.data;
    if (!data) return undefined;
    const codes = [...new Set(data.views.flatMap((v) => v.byAgency.map((a) => a.agency)))]
      .filter((c) => matches(filters.q, agencyText(c)))
      .sort()
      .reverse();
    const columns = [...data.years, 'all'];
    const cells = codes.flatMap((code, y) =>
      columns.flatMap((col, x) => {
        const counts =
          col === 'all'
            ? sumCounts(data.views.flatMap((v) => v.byAgency.filter((a) => a.agency === code)))
            : data.views[x].byAgency.find((a) => a.agency === code);
        const ratio = counts ? ratioOf(counts, measure) : null;
        if (!counts || ratio === null) return [];
        return [{ value: [x, y, Math.round(ratio * 10000) / 100], counts, year: col, agency: code }];
      }),
    );
    return { codes, columns, cells };
  }, [years.data, measure, filters.q, agencyText]);

  const heatOption = useMemo(() => {
    if (!heat) return {};
    const narrow = !(bp.sm ?? true);
    const colLabel = (c: string) => (c === 'all' ? t(narrow ? 'allYearsShort' : 'allYears') : c);
    const agencyName = (code: string) => {
      const a = agencies.get(code);
      return a ? `${code} · ${a.nameVi}${language === 'en' && a.nameEn ? ` (${a.nameEn})` : ''}` : code;
    };
    return {
      grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
      tooltip: {
        // The tooltip is HTML: names from the catalogue are escaped.
        formatter: (p: { data: (typeof heat.cells)[number] }) =>
          escapeHtml(
            t('tooltip', {
              a: agencyName(p.data.agency),
              y: colLabel(p.data.year),
              r: formatNumber(
                language,
                measure === 'completeness' ? p.data.counts.receivedReports : p.data.counts.onTimeReports,
                0,
              ),
              e: formatNumber(language, p.data.counts.expectedReports, 0),
              p: formatPercent(language, ratioOf(p.data.counts, measure), 2),
            }),
          ),
      },
      xAxis: {
        type: 'category',
        data: heat.columns.map(colLabel),
        splitArea: { show: true },
        axisLabel: { interval: 0, fontSize: narrow ? 10 : 12 },
      },
      yAxis: { type: 'category', data: heat.codes, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max: 100,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        text: ['100 %', '0 %'],
        inRange: { color: ['#cf1322', '#faad14', '#389e0d'] },
      },
      series: [
        {
          name: t(measure),
          type: 'heatmap',
          data: heat.cells,
          label: {
            show: true,
            fontSize: 11,
            formatter: (p: { data: (typeof heat.cells)[number] }) =>
              formatNumber(language, p.data.value[2], p.data.value[2] >= 10 ? 0 : 1),
          },
          emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
        },
      ],
    };
  }, [heat, language, measure, t, bp.sm, agencies]);
  const onHeatClick = useCallback(
    (p: { data?: unknown }) => {
      const year = (p.data as { year?: string } | undefined)?.year;
      if (year && year !== 'all') setFilters({ period: year, page: '1', open: '' });
    },
    [setFilters],
  );

  const pct = (c: ReportCounts, m: Measure) => {
    const r = ratioOf(c, m);
    return r === null ? (
      <Typography.Text type="secondary">{t('nothingOwed')}</Typography.Text>
    ) : (
      <span data-testid={m} data-value={r}>
        {formatPercent(language, r, 2)}
      </span>
    );
  };
  const n0 = (v: number) => formatNumber(language, v, 0);
  const agencyCell = (code: string) => {
    const a = agencies.get(code);
    return (
      <span>
        <AgencyName code={code} agencies={agencies} />
        {a?.validTo && (
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t('until', { d: formatDate(language, a.validTo) })}
            {a.successors.length > 0 && `, ${t('successor', { c: a.successors.map((x) => x.code).join(', ') })}`}
          </Typography.Text>
        )}
      </span>
    );
  };
  // Columns shown by width (a phone keeps the agency and the two ratios); the total row follows the same list.
  type Shown = { key: string; title: string; show: boolean; cell: (r: ReportCounts) => ReactNode };
  const every: Shown[] = [
    { key: 'expected', title: t('expected'), show: bp.sm ?? true, cell: (r) => n0(r.expectedReports) },
    { key: 'received', title: t('received'), show: bp.sm ?? true, cell: (r) => n0(r.receivedReports) },
    { key: 'onTime', title: t('onTime'), show: bp.md ?? true, cell: (r) => n0(r.onTimeReports) },
    {
      key: 'completeness',
      title: t(bp.sm === false ? 'completenessShort' : 'completeness'),
      show: true,
      cell: (r) => pct(r, 'completeness'),
    },
    {
      key: 'timeliness',
      title: t(bp.sm === false ? 'timelinessShort' : 'timeliness'),
      show: true,
      cell: (r) => pct(r, 'timeliness'),
    },
  ];
  const shown = every.filter((c) => c.show);
  const columns: ColumnsType<AgencyRow> = [
    { key: 'agency', title: t('agency'), render: (_, r) => agencyCell(r.agency) },
    ...shown.map((c) => ({
      key: c.key,
      title: c.title,
      align: 'right' as const,
      render: (_: unknown, r: AgencyRow) => c.cell(r),
    })),
  ];

  const loading = years.loading || chosen.loading;
  const error = years.error ?? chosen.error;
  return (
    <ScreenFrame name="programme-completeness" title={t('title')} loaded={!loading}>
      {error !== undefined && <ActionError error={error} />}
      <Flex wrap gap="small" align="center" style={{ marginBottom: 12 }} data-testid="completeness-filters">
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('period')}
          value={period || undefined}
          onChange={(p: string) => setFilters({ period: p, page: '1', open: '' })}
          style={{ width: 240, maxWidth: '100%' }}
          data-testid="filter-period"
          options={periodOptionsByYear(language, years.data?.periods ?? [])}
        />
        <Segmented
          aria-label={t('measure')}
          value={measure}
          onChange={(m) => setFilters({ measure: m })}
          data-testid="filter-measure"
          options={[
            { value: 'completeness', label: t('completeness') },
            { value: 'timeliness', label: t('timeliness') },
          ]}
        />
        <SearchFilter
          label={t('search')}
          value={filters.q}
          onSearch={(q) => setFilters({ q, page: '1' })}
          width={220}
        />
      </Flex>

      {view && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="completeness-summary">
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('expected')} value={n0(view.expectedReports)} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('received')} value={n0(view.receivedReports)} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={`${t('completeness')} · ${t('province')}`}
                value={formatPercent(language, ratioOf(view, 'completeness'), 2)}
              />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={`${t('timeliness')} · ${t('province')}`}
                value={formatPercent(language, ratioOf(view, 'timeliness'), 2)}
              />
            </Card>
          </Col>
        </Row>
      )}

      {heat && heat.codes.length > 0 && (
        <Card size="small" title={`${t('heatmap')} · ${t(measure)}`} style={{ marginBottom: 12 }} data-testid="heatmap">
          <Chart
            option={heatOption}
            label={t('heatmapLabel', { m: t(measure) })}
            height={Math.max(220, heat.codes.length * 30 + 90)}
            onClick={onHeatClick}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
            {t('heatmapHelp')}
          </Typography.Paragraph>
        </Card>
      )}

      <Card size="small" title={t('table', { p: period ? periodText(language, period) : '' })}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('tableHelp')}
        </Typography.Paragraph>
        <Table<AgencyRow>
          data-testid="completeness-table"
          rowKey="agency"
          size="small"
          columns={columns}
          dataSource={rows}
          onRow={(r) => rowAttributes({ 'data-agency': r.agency, 'data-testid': 'agency-row' })}
          locale={{ emptyText: loading ? ' ' : t('none') }}
          expandable={{
            columnTitle: <VisuallyHidden>{t('expand')}</VisuallyHidden>,
            expandedRowKeys: filters.open ? [filters.open] : [],
            onExpand: (open, r) => setFilters({ open: open ? r.agency : '' }),
            expandedRowRender: (r) =>
              years.data && period ? (
                <AgencyDetail orgUnit={years.data.orgUnit} period={period} agency={r.agency} />
              ) : null,
          }}
          summary={() =>
            rows.length > 1 ? (
              <Table.Summary.Row data-testid="completeness-total">
                <Table.Summary.Cell index={0} />
                <Table.Summary.Cell index={1}>
                  <Typography.Text strong>{t('total', { n: rows.length })}</Typography.Text>
                </Table.Summary.Cell>
                {shown.map((c, i) => (
                  <Table.Summary.Cell key={c.key} index={i + 2} align="right">
                    <Typography.Text strong>{c.cell(total)}</Typography.Text>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
          pagination={tablePager({
            page: pageOf(filters.page),
            pageSize: PAGE_SIZE,
            total: rows.length,
            totalText: (n) => t('count', { n }),
            onChange: (page) => setFilters({ page: String(page) }),
          })}
        />
      </Card>
    </ScreenFrame>
  );
}

/** One agency's reports in a period: by sub-period (with its due day) and by administrative unit. */
function AgencyDetail({ orgUnit, period, agency }: { orgUnit: string; period: string; agency: string }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const detail = useLoad(async () => {
    const [view, units] = await Promise.all([
      completeness(orgUnit, period, agency),
      get<{ data: OrgUnit[] }>('indicators', '/v1/org-units', { at: periodEnd(period) }),
    ]);
    return { view, names: new Map(units.data.map((u) => [u.code, u.nameVi])) };
  }, [orgUnit, period, agency]);
  if (detail.error !== undefined) return <ActionError error={detail.error} />;
  const data = detail.data;
  if (!data) return <Typography.Text type="secondary">…</Typography.Text>;
  const n0 = (v: number) => formatNumber(language, v, 0);
  const pct = (c: ReportCounts, m: Measure) => formatPercent(language, ratioOf(c, m), 2);
  const counts = <T extends ReportCounts>(): ColumnsType<T> => [
    { key: 'e', title: t('expected'), align: 'right', render: (_, r) => n0(r.expectedReports) },
    { key: 'r', title: t('received'), align: 'right', render: (_, r) => n0(r.receivedReports) },
    { key: 'o', title: t('onTime'), align: 'right', responsive: ['sm'], render: (_, r) => n0(r.onTimeReports) },
    { key: 'c', title: t('completeness'), align: 'right', render: (_, r) => pct(r, 'completeness') },
    { key: 't', title: t('timeliness'), align: 'right', responsive: ['sm'], render: (_, r) => pct(r, 'timeliness') },
  ];
  const units = [
    { key: data.view.orgUnit.code, name: t('own'), ...data.view.own },
    ...data.view.children
      .filter((c) => c.expectedReports > 0)
      .map((c) => ({ key: c.orgUnitCode, name: `${data.names.get(c.orgUnitCode) ?? ''} (${c.orgUnitCode})`, ...c })),
  ];
  return (
    <div data-testid="agency-detail" data-agency={agency}>
      <Typography.Title level={3} style={{ fontSize: 14 }}>
        {t('byPeriod')}
      </Typography.Title>
      <Table
        size="small"
        scroll={{ x: 'max-content' }}
        rowKey="period"
        dataSource={[...data.view.byPeriod].sort((a, b) => comparePeriods(a.period, b.period))}
        pagination={data.view.byPeriod.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, showSizeChanger: false } : false}
        columns={[
          { key: 'p', title: t('period'), render: (_, r) => periodText(language, r.period) },
          { key: 'd', title: t('due'), responsive: ['sm'], render: (_, r) => formatDate(language, r.dueDate) },
          ...counts<CompletenessView['byPeriod'][number]>(),
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
        {t('byUnit')}
      </Typography.Title>
      <Table
        size="small"
        scroll={{ x: 'max-content' }}
        rowKey="key"
        dataSource={units}
        pagination={units.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, showSizeChanger: false } : false}
        columns={[
          { key: 'u', title: t('unit'), render: (_, r) => <span lang="vi">{r.name}</span> },
          ...counts<(typeof units)[number]>(),
        ]}
      />
    </div>
  );
}
