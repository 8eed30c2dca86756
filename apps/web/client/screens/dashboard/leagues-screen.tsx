import { Alert, Card, Flex, Input, Select, Space, Switch, Table, type TableColumnsType, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Chart } from './lazy-chart';
import { ErrorNotice } from '../../common/errors';
import { formatNumber } from '../../common/format';
import { defaultPeriod, parsePeriod, periodEndOrToday, periodLabel, yearsOf } from '../../common/periods';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { rowAttributes } from '../../common/table';
import { useLoad } from '../../common/use-load';
import { useLanguage, useLocalName, useText } from '../../i18n/language';
import { MENU_TEXT } from '../../layout/menu';
import {
  fetchLeague,
  fetchScorecard,
  type IndicatorLine,
  type LeagueBy,
  type LeagueRow,
  type LeagueTable,
  type OrgUnit,
  orgUnitsAt,
  PROVINCE,
  type Scorecard,
} from './api';
import { touchesPeriod, useDashboard, useLiveRefresh } from './dashboard-context';
import { pending, useLinkTo } from './links';
import {
  FigureButton,
  formatFigure,
  formatScore,
  LiveBadge,
  PeriodSelect,
  scoreColour,
  Toolbar,
  UnitPicker,
  useUnitText,
} from './parts';
import { TEXT } from './text';

/*
 * League tables: the units of one level, or one unit's units, ranked by the overall score, a pillar, a main
 * index or any indicator (ties share a rank, as the DTI ranks), as a bar chart of the page shown and a table.
 * The province's own figure and target are drawn across the bars.
 */

type Scope = 'children' | 'level2' | 'level3';

/** A round axis end just above a value: 84 → 90, 0.735 → 0.8, 1234 → 1300. */
function niceCeil(value: number): number {
  if (value <= 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.ceil(value / step / 5) * 5 * step;
}

export function LeaguesScreen() {
  const t = useText(TEXT);
  const m = useText(MENU_TEXT);
  const { language } = useLanguage();
  const name = useLocalName();
  const unitText = useUnitText();
  const linkTo = useLinkTo();
  const { periods, explain } = useDashboard();
  const [state, update] = useSearchState({
    period: '',
    measure: 'overall',
    scope: 'children',
    parent: PROVINCE,
    q: '',
    ranked: '',
    page: '1',
    size: '10',
  });
  const period = state.period || defaultPeriod(periods.data);
  const [kind, code] = (state.measure.includes(':') ? state.measure.split(':', 2) : ['overall', undefined]) as [
    LeagueBy,
    string | undefined,
  ];
  const scope = state.scope as Scope;
  const { parent } = state;

  const league = useLoad(
    () =>
      period
        ? fetchLeague({
            period,
            by: kind,
            code,
            ...(scope === 'children' ? { parent } : { level: scope === 'level2' ? 2 : 3 }),
          })
        : pending<LeagueTable>(),
    [period, kind, code, scope, parent],
  );
  const reference = useLoad(() => (period ? fetchScorecard(PROVINCE, period) : pending<Scorecard>()), [period]);
  const hierarchy = useLoad(() => (period ? orgUnitsAt(periodEndOrToday(period)) : pending<OrgUnit[]>()), [period]);
  useLiveRefresh(
    (e) => touchesPeriod(e, period),
    () => {
      league.reload();
      reference.reload();
    },
  );

  const table = league.data;
  const current =
    table !== undefined &&
    table.period === period &&
    table.by === kind &&
    (table.code ?? undefined) === code &&
    (scope === 'children' ? table.parent === parent : table.parent === null);
  const card = reference.data?.period === period ? reference.data : undefined;
  const loaded = current && card !== undefined;

  const line: IndicatorLine | undefined = useMemo(
    () =>
      kind === 'indicator' && card
        ? [...card.indexes.flatMap((i) => i.lines), ...card.other].find((l) => l.code === code)
        : undefined,
    [card, kind, code],
  );
  const isScore = kind !== 'indicator';
  const measureName =
    kind === 'overall'
      ? t('overallScore')
      : kind === 'pillar'
        ? (card?.pillars.find((p) => p.code === code) ?? { nameVi: code ?? '' })
        : kind === 'index'
          ? (card?.indexes.find((i) => i.code === code) ?? { nameVi: code ?? '' })
          : (line ?? { nameVi: code ?? '' });
  const measureLabel = typeof measureName === 'string' ? measureName : name(measureName);
  const provinceValue =
    kind === 'overall'
      ? card?.overall.score
      : kind === 'pillar'
        ? card?.pillars.find((p) => p.code === code)?.score
        : kind === 'index'
          ? card?.indexes.find((i) => i.code === code)?.score
          : line?.value;
  const fmt = (v: number | null | undefined) =>
    isScore ? formatScore(language, v) : formatFigure(language, v, line?.unit);

  const query = state.q.trim().toLowerCase();
  const rows = (current ? table.rows : []).filter(
    (r) =>
      (!state.ranked || r.rank !== null) &&
      (!query || `${r.orgUnitName} ${r.orgUnitCode}`.toLowerCase().includes(query)),
  );
  const page = Number(state.page) || 1;
  const size = Number(state.size) || 10;
  const pageRows = rows.slice((page - 1) * size, page * size);

  const measureOptions = card
    ? [
        {
          label: <span>{t('overallScore')}</span>,
          title: t('overallScore'),
          options: [{ value: 'overall', label: t('overallScore') }],
        },
        {
          label: <span>{t('pillar')}</span>,
          title: t('pillar'),
          options: card.pillars.map((p) => ({ value: `pillar:${p.code}`, label: `${p.code} · ${name(p)}` })),
        },
        {
          label: <span>{t('mainIndex')}</span>,
          title: t('mainIndex'),
          options: card.indexes.map((i) => ({ value: `index:${i.code}`, label: `${i.code} · ${name(i)}` })),
        },
        {
          label: <span>{t('indicator')}</span>,
          title: t('indicator'),
          options: [...card.indexes.flatMap((i) => i.lines), ...card.other]
            .sort((a, b) => a.code.localeCompare(b.code))
            .map((l) => ({ value: `indicator:${l.code}`, label: `${l.code} · ${name(l)}` })),
        },
      ]
    : [
        {
          label: <span>{t('overallScore')}</span>,
          title: t('overallScore'),
          options: [{ value: 'overall', label: t('overallScore') }],
        },
      ];

  const toChart = (v: number | null | undefined) =>
    v === null || v === undefined ? null : isScore ? Math.round(v * 10000) / 100 : v;
  const marks = [
    ...(isScore ? [{ value: 100, label: t('targetFull') }] : []),
    ...(!isScore && line?.target !== null && line?.target !== undefined
      ? [{ value: line.target, label: t('provinceTarget', { value: fmt(line.target) }) }]
      : []),
    // The province's figure, beside its units' (not for a count: the province's is their sum).
    ...(provinceValue !== null &&
    provinceValue !== undefined &&
    line?.unit !== 'count' &&
    !(scope === 'children' && parent !== PROVINCE)
      ? [{ value: toChart(provinceValue) as number, label: t('provinceValue', { value: fmt(provinceValue) }) }]
      : []),
  ];
  const markMax = Math.max(...marks.map((mk) => mk.value));
  const dataMax = Math.max(...pageRows.map((r) => toChart(r.value) ?? 0));
  const option = {
    grid: { left: 8, right: 64, top: 20 + 14 * marks.length, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number | null) =>
        v === null || v === undefined ? '—' : isScore ? `${formatNumber(language, v, 2)} %` : fmt(v),
    },
    xAxis: {
      type: 'value',
      min: 0,
      // The target and the province's figure stay in view however far beyond the units' figures they lie.
      max: isScore ? 100 : markMax > dataMax ? niceCeil(markMax * 1.05) : undefined,
      axisLabel: { formatter: (v: number) => (isScore ? `${v} %` : formatNumber(language, v, 4)) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: pageRows.map((r) => (r.rank === null ? r.orgUnitName : `${r.rank}. ${r.orgUnitName}`)),
      axisLabel: { width: 160, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: measureLabel,
        barMaxWidth: 22,
        data: pageRows.map((r) => ({
          value: toChart(r.value),
          itemStyle: { color: isScore ? scoreColour(r.value) : '#0b5cad' },
        })),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { value: number | null }) =>
            p.value === null ? '—' : isScore ? `${formatNumber(language, p.value, 2)} %` : fmt(p.value),
        },
        markLine: marks.length
          ? {
              symbol: 'none',
              silent: true,
              data: marks.map((mk, i) => ({
                xAxis: mk.value,
                label: { formatter: mk.label, position: 'start', distance: 4 + 14 * i },
              })),
              lineStyle: { type: 'dashed', color: '#262626' },
            }
          : undefined,
      },
    ],
  };

  const openValue = (r: LeagueRow) => {
    if (!period) return;
    if (kind === 'indicator' && code) explain({ kind: 'indicator', indicator: code, orgUnit: r.orgUnitCode, period });
    else
      explain({
        kind: 'score',
        orgUnit: r.orgUnitCode,
        period,
        part: { kind: kind === 'pillar' || kind === 'index' ? kind : 'overall', code: code ?? 'DTI' },
      });
  };
  const levelText = (level: number) => (level === 1 ? t('level1') : level === 2 ? t('level2') : t('level3'));
  const columns: TableColumnsType<LeagueRow> = [
    { title: t('rank'), dataIndex: 'rank', align: 'right', width: 64, render: (r: number | null) => r ?? '—' },
    {
      title: t('orgUnit'),
      key: 'unit',
      render: (_, r) => (
        <Link
          to={linkTo('/dashboard', { period: state.period, unit: r.orgUnitCode }, false)}
          data-testid="unit-link"
          data-unit={r.orgUnitCode}
          lang="vi"
        >
          {r.orgUnitName}
        </Link>
      ),
    },
    { title: t('level'), dataIndex: 'level', responsive: ['sm'], render: levelText },
    {
      title: measureLabel,
      key: 'value',
      align: 'right',
      render: (_, r) =>
        r.value === null ? (
          '—'
        ) : (
          <FigureButton
            label={`${measureLabel} · ${r.orgUnitName}`}
            testId="league-value"
            data={{ unit: r.orgUnitCode, value: r.value }}
            onClick={() => openValue(r)}
          >
            {fmt(r.value)}
          </FigureButton>
        ),
    },
  ];
  const parentUnit = hierarchy.data?.find((u) => u.code === parent);
  const years = yearsOf(periods.data);
  const periodYear = period ? parsePeriod(period)?.year : undefined;
  const previousYear = [...years].reverse().find((y) => periodYear !== undefined && Number(y) < periodYear);

  return (
    <ScreenFrame name="dashboard-leagues" title={m('leagues')} loaded={loaded} extra={<LiveBadge />}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Toolbar>
          <PeriodSelect value={period} periods={periods.data} onChange={(p) => update({ period: p, page: '' })} />
          <Select
            aria-label={t('rankBy')}
            data-testid="measure-select"
            value={state.measure}
            onChange={(v: string) => update({ measure: v, page: '' })}
            options={measureOptions}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 240 }}
            popupMatchSelectWidth={false}
          />
          <Select<Scope>
            aria-label={t('scope')}
            value={scope}
            onChange={(v) => update({ scope: v, page: '' })}
            options={[
              { value: 'children', label: t('scopeChildren') },
              { value: 'level2', label: t('scopeLevel2') },
              { value: 'level3', label: t('scopeLevel3') },
            ]}
            style={{ minWidth: 200 }}
            popupMatchSelectWidth={false}
          />
          {scope === 'children' && (
            <UnitPicker
              units={hierarchy.data?.filter((u) => u.level < 3)}
              value={parent}
              onChange={(c) => update({ parent: c, page: '' })}
              label={t('parentUnit')}
            />
          )}
        </Toolbar>
        {periods.error !== undefined && <ErrorNotice error={periods.error} />}
        {league.error !== undefined && <ErrorNotice error={league.error} />}
        {reference.error !== undefined && <ErrorNotice error={reference.error} />}
        <Card
          size="small"
          title={
            <span>
              {measureLabel} · {period ? periodLabel(language, period) : ''} ·{' '}
              {scope === 'children' ? (
                <span lang="vi">{parentUnit?.nameVi ?? parent}</span>
              ) : scope === 'level2' ? (
                t('scopeLevel2')
              ) : (
                t('scopeLevel3')
              )}
              {!isScore && line && unitText(line.unit) ? ` (${unitText(line.unit)})` : ''}
            </span>
          }
        >
          {current && table.rows.length === 0 && <Alert type="info" showIcon title={t('noUnitsBelow')} />}
          {current && table.rows.length > 0 && table.rows.every((r) => r.value === null) && (
            <Alert
              type="info"
              showIcon
              title={isScore ? t('noChildScores') : t('noFiguresForUnits')}
              style={{ marginBottom: 8 }}
              action={
                previousYear && (
                  <Link to={linkTo('/dashboard/leagues', { period: previousYear, page: '' })}>
                    {t('seePeriod', { period: periodLabel(language, previousYear) })}
                  </Link>
                )
              }
            />
          )}
          {pageRows.some((r) => r.value !== null) && (
            <Chart
              option={option}
              height={Math.max(160, pageRows.length * 30 + 60)}
              label={t('leagueChartLabel', {
                measure: measureLabel,
                values: pageRows.map((r) => `${r.orgUnitName}: ${fmt(r.value)}`).join('; '),
              })}
              onClick={(p) => pageRows[p.dataIndex] && openValue(pageRows[p.dataIndex])}
            />
          )}
          {pageRows.some((r) => r.value !== null) && (
            <Typography.Paragraph type="secondary" className="dash-small">
              {t('chartShowsPage')}
            </Typography.Paragraph>
          )}
          <Flex wrap gap={8} style={{ marginBottom: 8 }}>
            <Input.Search
              allowClear
              defaultValue={state.q}
              placeholder={t('searchUnits')}
              aria-label={t('searchUnits')}
              onChange={(e) => update({ q: e.target.value, page: '' }, { replace: true })}
              style={{ width: 240, maxWidth: '100%' }}
            />
            <Space size={6}>
              <Switch
                size="small"
                id="dash-ranked-only"
                checked={state.ranked === '1'}
                onChange={(on) => update({ ranked: on ? '1' : '', page: '' }, { replace: true })}
                aria-label={t('rankedOnly')}
              />
              <label htmlFor="dash-ranked-only">{t('rankedOnly')}</label>
            </Space>
          </Flex>
          <Table<LeagueRow>
            size="small"
            rowKey="orgUnitCode"
            columns={columns}
            dataSource={rows}
            loading={!current && league.error === undefined}
            data-testid="league-table"
            onRow={(r) => rowAttributes({ 'data-testid': 'league-row', 'data-unit': r.orgUnitCode })}
            pagination={{
              current: page,
              pageSize: size,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              onChange: (p, s) => update({ page: String(p), size: String(s) }),
              showTotal: (total) => t('totalUnits', { n: total }),
              size: 'small',
            }}
            scroll={{ x: 'max-content' }}
          />
        </Card>
      </Space>
    </ScreenFrame>
  );
}
