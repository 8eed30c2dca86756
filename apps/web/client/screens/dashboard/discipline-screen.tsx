import { Card, Flex, Input, Segmented, Space, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart } from './lazy-chart';
import { type Agency, loadAgencies } from '../../common/agencies';
import { ErrorNotice } from '../../common/errors';
import { formatDate, formatNumber, formatPercent } from '../../common/format';
import {
  defaultPeriod,
  PERIOD_TYPES,
  parsePeriod,
  periodEndOrToday,
  periodLabel,
  periodTypeLabel,
} from '../../common/periods';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { rowAttributes } from '../../common/table';
import { useLoad } from '../../common/use-load';
import { useLanguage, useLocalName, useText } from '../../i18n/language';
import { MENU_TEXT } from '../../layout/menu';
import {
  type AgencyPerformance,
  type Completeness,
  fetchAgencyPerformance,
  fetchCompleteness,
  type OrgUnit,
  orgUnitsAt,
  PROVINCE,
  type ReportCounts,
} from './api';
import { useDashboard, useLiveRefresh } from './dashboard-context';
import { pending } from './links';
import { FigureButton, LiveBadge, LocalName, PeriodSelect, scoreColour, Toolbar } from './parts';
import { TEXT } from './text';

/*
 * Reporting discipline: per agency, how many of the reports it owed for the period arrived (completeness) and
 * arrived by their due day (timeliness), with the tasks it leads; the same counts by administrative unit and by
 * due date. An agency's figures open what it owed, period by period and unit by unit, and its obligations.
 */

type AgencyRow = AgencyPerformance & { agency: Agency | undefined };
type UnitRow = ReportCounts & { orgUnitCode: string; own?: boolean };
type DueRow = ReportCounts & { period: string; dueDate: string };
type Counted = Pick<ReportCounts, 'expectedReports' | 'receivedReports' | 'onTimeReports'>;
type View = 'agencies' | 'units' | 'due';
const VIEWS: View[] = ['agencies', 'units', 'due'];

export function DisciplineScreen() {
  const t = useText(TEXT);
  const m = useText(MENU_TEXT);
  const { language } = useLanguage();
  const name = useLocalName();
  const { periods, explain } = useDashboard();
  const [state, update] = useSearchState({ period: '', q: '', owing: '', tab: 'agencies' });
  const period = state.period || defaultPeriod(periods.data);
  const view: View = VIEWS.includes(state.tab as View) ? (state.tab as View) : 'agencies';

  // The agencies' counts and names come first; the counts by unit and by due date (a heavier read) follow.
  const performance = useLoad(
    () =>
      period
        ? fetchAgencyPerformance(period).then((rows) => ({ period, rows }))
        : pending<{ period: string; rows: AgencyPerformance[] }>(),
    [period],
  );
  const names = useLoad(() => (period ? loadAgencies(periodEndOrToday(period)) : pending<Agency[]>()), [period]);
  const detail = useLoad(
    () =>
      period
        ? Promise.all([fetchCompleteness(PROVINCE, period), orgUnitsAt(periodEndOrToday(period)).catch(() => [])])
        : pending<[Completeness, OrgUnit[]]>(),
    [period],
  );
  const year = period ? String(parsePeriod(period)?.year ?? '') : '';
  useLiveRefresh(
    (e) =>
      e.kind === 'tasks' ||
      e.kind === 'catalogue' ||
      (e.kind === 'aggregates' && (e.aggregates ?? []).some((a) => a.period.startsWith(year))),
    () => {
      performance.reload();
      detail.reload();
    },
  );

  const current = performance.data?.period === period;
  const rows = current ? performance.data?.rows : undefined;
  const agencies = names.data;
  const loaded = current && agencies !== undefined;
  const [completeness, units] = detail.data && detail.data[0].period === period ? detail.data : [];
  // The province's totals: every report owed is owed by one agency.
  const totals = (rows ?? []).reduce(
    (sum, r) => ({
      expected: sum.expected + r.expectedReports,
      received: sum.received + r.receivedReports,
      onTime: sum.onTime + r.onTimeReports,
    }),
    { expected: 0, received: 0, onTime: 0 },
  );
  const root = units?.find((u) => u.level === 1);

  const agencyRows: AgencyRow[] = useMemo(
    () => (rows ?? []).map((r) => ({ ...r, agency: agencies?.find((a) => a.code === r.agencyCode) })),
    [rows, agencies],
  );
  const query = state.q.trim().toLowerCase();
  const shownAgencies = agencyRows.filter(
    (r) =>
      (!state.owing || r.expectedReports > 0) &&
      (!query || `${r.agencyCode} ${r.agency?.nameVi ?? ''} ${r.agency?.nameEn ?? ''}`.toLowerCase().includes(query)),
  );
  const unitName = (code: string) => units?.find((u) => u.code === code)?.nameVi ?? code;
  const unitRows: UnitRow[] = completeness
    ? [{ ...completeness.own, orgUnitCode: completeness.orgUnit.code, own: true }, ...completeness.children].filter(
        (r) => !query || `${unitName(r.orgUnitCode)} ${r.orgUnitCode}`.toLowerCase().includes(query),
      )
    : [];
  const dueRows: DueRow[] = completeness?.byPeriod ?? [];

  const owing = agencyRows.filter((r) => r.expectedReports > 0);
  const pct = (r: number | null) => (r === null ? null : Math.round(r * 10000) / 100);
  const option = {
    grid: { left: 8, right: 56, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${formatNumber(language, v, 2)} %`),
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${v} %` } },
    yAxis: { type: 'category', inverse: true, data: owing.map((r) => r.agencyCode) },
    series: [
      {
        type: 'bar',
        name: t('completeness'),
        data: owing.map((r) => pct(r.completeness)),
        itemStyle: { color: '#0b5cad' },
        barMaxWidth: 14,
        label: {
          show: true,
          position: 'right',
          fontSize: 10,
          formatter: (p: { value: number | null }) =>
            p.value === null ? '—' : `${formatNumber(language, p.value, 1)} %`,
        },
      },
      {
        type: 'bar',
        name: t('timeliness'),
        data: owing.map((r) => pct(r.timeliness)),
        itemStyle: { color: '#d46b08' },
        barMaxWidth: 14,
      },
    ],
  };

  const percentText = (ratio: number | null) => formatPercent(language, ratio, 2);
  const stringPercent = (value: string | null) =>
    value === null ? '—' : `${formatNumber(language, Number(value), 2)} %`;
  // Reports owed, received and received on time: the first columns of every table of the screen.
  const countColumns = <T extends Counted>(): TableColumnsType<T> => [
    {
      title: t('expected'),
      dataIndex: 'expectedReports',
      align: 'right',
      render: (v: number) => formatNumber(language, v),
      sorter: (a, b) => a.expectedReports - b.expectedReports,
    },
    {
      title: t('received'),
      dataIndex: 'receivedReports',
      align: 'right',
      render: (v: number) => formatNumber(language, v),
    },
    {
      title: t('onTime'),
      dataIndex: 'onTimeReports',
      align: 'right',
      responsive: ['sm'],
      render: (v: number) => formatNumber(language, v),
    },
  ];
  const counts = <T extends ReportCounts>(): TableColumnsType<T> => [
    ...countColumns<T>(),
    {
      title: t('completeness'),
      dataIndex: 'completeness',
      align: 'right',
      render: (v: string | null) => stringPercent(v),
      sorter: (a, b) => Number(a.completeness ?? -1) - Number(b.completeness ?? -1),
    },
    {
      title: t('timeliness'),
      dataIndex: 'timeliness',
      align: 'right',
      render: (v: string | null) => stringPercent(v),
      sorter: (a, b) => Number(a.timeliness ?? -1) - Number(b.timeliness ?? -1),
    },
  ];
  const agencyColumns: TableColumnsType<AgencyRow> = [
    {
      title: t('agency'),
      key: 'agency',
      render: (_, r) =>
        r.agency ? (
          <LocalName nameVi={r.agency.nameVi} nameEn={r.agency.nameEn} code={r.agencyCode} />
        ) : (
          <Typography.Text>{r.agencyCode}</Typography.Text>
        ),
      sorter: (a, b) => a.agencyCode.localeCompare(b.agencyCode),
    },
    ...countColumns<AgencyRow>(),
    {
      title: t('completeness'),
      key: 'completeness',
      align: 'right',
      render: (_, r) =>
        r.completeness === null ? (
          '—'
        ) : (
          <FigureButton
            label={`${t('completeness')} · ${r.agency ? name(r.agency) : r.agencyCode}`}
            testId="agency-completeness"
            data={{ agency: r.agencyCode, value: r.completeness }}
            onClick={() => period && explain({ kind: 'agency', agency: r.agencyCode, period })}
          >
            <Tag color={scoreColour(r.completeness)} variant="solid" style={{ marginInlineEnd: 0 }}>
              {percentText(r.completeness)}
            </Tag>
          </FigureButton>
        ),
      sorter: (a, b) => (a.completeness ?? 2) - (b.completeness ?? 2),
      defaultSortOrder: 'ascend',
    },
    {
      title: t('timeliness'),
      key: 'timeliness',
      align: 'right',
      render: (_, r) =>
        r.timeliness === null ? (
          '—'
        ) : (
          <FigureButton
            label={`${t('timeliness')} · ${r.agency ? name(r.agency) : r.agencyCode}`}
            data={{ agency: r.agencyCode, value: r.timeliness }}
            onClick={() => period && explain({ kind: 'agency', agency: r.agencyCode, period })}
          >
            <Tag color={scoreColour(r.timeliness)} variant="solid" style={{ marginInlineEnd: 0 }}>
              {percentText(r.timeliness)}
            </Tag>
          </FigureButton>
        ),
      sorter: (a, b) => (a.timeliness ?? 2) - (b.timeliness ?? 2),
    },
    {
      title: t('tasksLed'),
      dataIndex: 'tasks',
      align: 'right',
      responsive: ['md'],
      sorter: (a, b) => a.tasks - b.tasks,
    },
    { title: t('tasksOnTime'), dataIndex: 'tasksOnTime', align: 'right', responsive: ['md'] },
    {
      title: t('tasksOverdue'),
      dataIndex: 'overdueTasks',
      align: 'right',
      responsive: ['md'],
      render: (v: number) =>
        v > 0 ? (
          <Tag color="#a8071a" variant="solid">
            {v}
          </Tag>
        ) : (
          v
        ),
      sorter: (a, b) => a.overdueTasks - b.overdueTasks,
    },
    { title: t('tasksReturned'), dataIndex: 'returnedTasks', align: 'right', responsive: ['lg'] },
  ];
  const pagination = {
    defaultPageSize: 10,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50],
    size: 'small' as const,
  };

  return (
    <ScreenFrame name="dashboard-discipline" title={m('discipline')} loaded={loaded} extra={<LiveBadge />}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Toolbar>
          <PeriodSelect value={period} periods={periods.data} onChange={(p) => update({ period: p })} />
        </Toolbar>
        {periods.error !== undefined && <ErrorNotice error={periods.error} />}
        {performance.error !== undefined && <ErrorNotice error={performance.error} />}
        {names.error !== undefined && <ErrorNotice error={names.error} />}
        {detail.error !== undefined && <ErrorNotice error={detail.error} />}
        {rows && (
          <Card size="small">
            <Flex wrap gap={24}>
              <Summary label={t('expected')} value={formatNumber(language, totals.expected)} />
              <Summary label={t('received')} value={formatNumber(language, totals.received)} />
              <Summary label={t('onTime')} value={formatNumber(language, totals.onTime)} />
              <Summary
                label={t('completeness')}
                value={totals.expected ? percentText(totals.received / totals.expected) : '—'}
                testId="province-completeness"
              />
              <Summary
                label={t('timeliness')}
                value={totals.expected ? percentText(totals.onTime / totals.expected) : '—'}
              />
            </Flex>
            <Typography.Paragraph type="secondary" className="dash-small" style={{ margin: '8px 0 0' }}>
              {root && <span lang="vi">{root.nameVi} · </span>}
              {period ? periodLabel(language, period) : ''} · {t('formulaDiscipline')}
            </Typography.Paragraph>
          </Card>
        )}
        {current && owing.length > 0 && (
          <Card size="small" title={t('disciplineChart')}>
            <Chart
              option={option}
              height={Math.max(180, owing.length * 34 + 60)}
              label={t('disciplineChartLabel', {
                values: owing
                  .map((r) => `${r.agencyCode}: ${percentText(r.completeness)} / ${percentText(r.timeliness)}`)
                  .join('; '),
              })}
              onClick={(p) =>
                owing[p.dataIndex] &&
                period &&
                explain({ kind: 'agency', agency: owing[p.dataIndex].agencyCode, period })
              }
            />
          </Card>
        )}
        <Flex wrap gap={8}>
          <Input.Search
            allowClear
            defaultValue={state.q}
            placeholder={t('searchAgenciesUnits')}
            aria-label={t('searchAgenciesUnits')}
            onChange={(e) => update({ q: e.target.value }, { replace: true })}
            style={{ width: 260, maxWidth: '100%' }}
          />
          <Space size={6}>
            <Switch
              size="small"
              id="dash-owing-only"
              checked={state.owing === '1'}
              onChange={(on) => update({ owing: on ? '1' : '' }, { replace: true })}
              aria-label={t('owingOnly')}
            />
            <label htmlFor="dash-owing-only">{t('owingOnly')}</label>
          </Space>
        </Flex>
        <div className="dash-views">
          <Segmented<View>
            aria-label={t('view')}
            value={view}
            onChange={(v) => update({ tab: v }, { replace: true })}
            options={[
              { value: 'agencies', label: t('viewAgencies') },
              { value: 'units', label: t('viewUnits') },
              { value: 'due', label: t('viewDue') },
            ]}
          />
        </div>
        {view === 'agencies' && (
          <Table<AgencyRow>
            size="small"
            rowKey="agencyCode"
            columns={agencyColumns}
            dataSource={loaded ? shownAgencies : []}
            loading={!loaded && performance.error === undefined}
            data-testid="discipline-table"
            onRow={(r) => rowAttributes({ 'data-testid': 'agency-row', 'data-agency': r.agencyCode })}
            pagination={{ ...pagination, showTotal: (n) => t('totalAgencies', { n }) }}
            scroll={{ x: 960 }}
          />
        )}
        {view === 'units' && (
          <Table<UnitRow>
            size="small"
            rowKey="orgUnitCode"
            columns={[
              {
                title: t('orgUnit'),
                key: 'unit',
                render: (_, r) => (
                  <span lang="vi">
                    {unitName(r.orgUnitCode)}
                    {r.own ? ` (${t('ownReports')})` : ''}
                  </span>
                ),
              },
              ...counts<UnitRow>(),
            ]}
            dataSource={completeness ? unitRows : []}
            loading={!completeness && detail.error === undefined}
            data-testid="discipline-units"
            pagination={pagination}
            scroll={{ x: 'max-content' }}
          />
        )}
        {view === 'due' && (
          <Table<DueRow>
            size="small"
            rowKey="period"
            columns={[
              {
                title: t('period'),
                dataIndex: 'period',
                render: (p: string) => periodLabel(language, p),
                filters: PERIOD_TYPES.map((type) => ({ text: periodTypeLabel(language, type), value: type })),
                onFilter: (type, r) => parsePeriod(r.period)?.type === type,
              },
              {
                title: t('dueDate'),
                dataIndex: 'dueDate',
                render: (d: string) => formatDate(language, d),
                sorter: (a, b) => a.dueDate.localeCompare(b.dueDate),
                defaultSortOrder: 'ascend',
              },
              ...counts<DueRow>(),
            ]}
            dataSource={completeness ? dueRows : []}
            loading={!completeness && detail.error === undefined}
            pagination={pagination}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Space>
    </ScreenFrame>
  );
}

function Summary({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div className="dash-summary" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}
