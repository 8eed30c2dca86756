import { Alert, Col, Flex, Input, Row, Space, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart } from './lazy-chart';
import { ErrorNotice } from '../../common/errors';
import { formatNumber } from '../../common/format';
import { periodEndOrToday, yearsOf } from '../../common/periods';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { rowAttributes } from '../../common/table';
import { useLoad } from '../../common/use-load';
import { type Language, useLanguage, useText } from '../../i18n/language';
import { MENU_TEXT } from '../../layout/menu';
import {
  catalogue,
  fetchProjections,
  fetchScorecard,
  type IndicatorDefinition,
  type IndicatorLine,
  type OrgUnit,
  orgUnitsAt,
  PROVINCE,
  type Projection,
  type Scorecard,
  type Status,
} from './api';
import { useDashboard, useLiveRefresh } from './dashboard-context';
import { pending } from './links';
import {
  comparatorText,
  formatFigure,
  GroupSelect,
  LiveBadge,
  LocalName,
  PeriodSelect,
  StatusTag,
  Toolbar,
  UnitPicker,
  useUnitText,
} from './parts';
import { TEXT } from './text';

/*
 * Indicator trends: every indicator's yearly figure for the chosen unit, the target path (the target the path
 * sets for each year, as the scorecards judge it, then on to the later target years of the catalogue), the
 * national average where one is published, and where the current pace leads (the reporting service's
 * projections). One scorecard per year with figures, the catalogue and the projections, read in parallel.
 */

interface YearPoint {
  value: number | null;
  target: number | null;
  status: Status;
}

interface Trend {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  pillar: string | null;
  subIndex: string | null;
  definition: IndicatorDefinition | undefined;
  byYear: Map<number, YearPoint>;
  latestYear: number | undefined;
  projection: Projection | undefined;
}

const COLOURS = { value: '#0b5cad', target: '#c41d7f', national: '#389e0d', projected: '#595959' };

export function TrendsScreen() {
  const t = useText(TEXT);
  const m = useText(MENU_TEXT);
  const { language } = useLanguage();
  const { periods, explain } = useDashboard();
  const [state, update] = useSearchState({
    unit: PROVINCE,
    at: '',
    q: '',
    group: '',
    targets: '',
    page: '1',
    size: '6',
  });
  const { unit } = state;
  const years = yearsOf(periods.data);
  const yearKey = years.join(',');
  const at = state.at || years[years.length - 1];

  const cards = useLoad(
    () =>
      years.length
        ? Promise.allSettled(years.map((y) => fetchScorecard(unit, y)))
        : pending<PromiseSettledResult<Scorecard>[]>(),
    [unit, yearKey],
  );
  const definitions = useLoad(() => catalogue(), []);
  const projections = useLoad(() => fetchProjections(unit), [unit]);
  const hierarchy = useLoad(() => (at ? orgUnitsAt(periodEndOrToday(at)) : pending<OrgUnit[]>()), [at]);
  useLiveRefresh(
    (e) =>
      e.kind === 'catalogue' ||
      (e.kind === 'scores' && (e.periods ?? []).some((p) => years.includes(p))) ||
      (e.kind === 'aggregates' && (e.aggregates ?? []).some((a) => a.orgUnitCode === unit && years.includes(a.period))),
    () => {
      cards.reload();
      projections.reload();
      definitions.reload();
    },
  );

  const settled = cards.data;
  const yearCards = useMemo(
    () =>
      (settled ?? [])
        .map((r) => (r.status === 'fulfilled' ? r.value : undefined))
        .filter((c): c is Scorecard => c !== undefined),
    [settled],
  );
  // The figures shown are the chosen unit's (a live reload keeps them on screen meanwhile).
  const current =
    settled !== undefined && settled.length === years.length && yearCards.every((c) => c.orgUnit.code === unit);
  const loaded = current && definitions.data !== undefined;
  const failures = (settled ?? []).filter((r) => r.status === 'rejected');
  const names = useMemo(() => {
    // The unit's name by year: a code may name another unit after the 2025 reform (82: Tiền Giang, then Đồng Tháp).
    const runs: { name: string; from: string; to: string }[] = [];
    for (const c of yearCards) {
      const last = runs[runs.length - 1];
      if (last && last.name === c.orgUnit.nameVi) last.to = c.period;
      else runs.push({ name: c.orgUnit.nameVi, from: c.period, to: c.period });
    }
    return runs;
  }, [yearCards]);

  const trends: Trend[] = useMemo(() => {
    const map = new Map<string, Trend>();
    const defs = definitions.data ?? [];
    for (const d of defs)
      map.set(d.code, {
        code: d.code,
        nameVi: d.nameVi,
        nameEn: d.nameEn,
        unit: d.unit,
        pillar: d.pillar,
        subIndex: d.subIndex,
        definition: d,
        byYear: new Map(),
        latestYear: undefined,
        projection: undefined,
      });
    for (const card of yearCards) {
      const year = Number(card.period);
      const lines: IndicatorLine[] = [...card.indexes.flatMap((i) => i.lines), ...card.other];
      for (const l of lines) {
        let trend = map.get(l.code);
        if (!trend) {
          trend = { ...l, definition: undefined, byYear: new Map(), latestYear: undefined, projection: undefined };
          map.set(l.code, trend);
        }
        trend.byYear.set(year, { value: l.value, target: l.target, status: l.status });
        if (l.value !== null && (trend.latestYear === undefined || year > trend.latestYear)) trend.latestYear = year;
      }
    }
    for (const p of projections.data ?? []) {
      const trend = map.get(p.code);
      if (trend) trend.projection = p;
    }
    return [...map.values()].sort((a, b) => a.code.localeCompare(b.code));
  }, [definitions.data, yearCards, projections.data]);

  const query = state.q.trim().toLowerCase();
  const shown = trends.filter(
    (tr) =>
      (!state.group ||
        (state.group === 'other'
          ? !tr.subIndex || !['NT', 'TC', 'HT', 'NL', 'AT', 'HDCQS', 'HDKTS', 'HDXHS'].includes(tr.subIndex)
          : state.group.startsWith('p:')
            ? tr.pillar === state.group.slice(2)
            : tr.subIndex === state.group.slice(2))) &&
      (!state.targets || (tr.definition?.targets.length ?? 0) > 0) &&
      (!query || `${tr.code} ${tr.nameVi} ${tr.nameEn}`.toLowerCase().includes(query)),
  );
  const reference = yearCards[yearCards.length - 1];
  const firstYear = years.length ? Number(years[0]) : undefined;
  const lastDataYear = years.length ? Number(years[years.length - 1]) : undefined;

  const columns: TableColumnsType<Trend> = [
    {
      title: t('indicatorAndTrend'),
      key: 'trend',
      render: (_, tr) => (
        <TrendRow
          trend={tr}
          firstYear={firstYear ?? 0}
          lastDataYear={lastDataYear ?? 0}
          language={language}
          onPoint={(year) => explain({ kind: 'indicator', indicator: tr.code, orgUnit: unit, period: String(year) })}
        />
      ),
    },
  ];

  return (
    <ScreenFrame name="dashboard-trends" title={m('trends')} loaded={loaded} extra={<LiveBadge />}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Toolbar>
          <Space size={4} wrap>
            <Typography.Text type="secondary">{t('boundariesOf')}</Typography.Text>
            <PeriodSelect value={at} periods={periods.data} yearsOnly onChange={(y) => update({ at: y })} />
          </Space>
          <UnitPicker
            units={hierarchy.data}
            value={unit}
            onChange={(code) => update({ unit: code, page: '' })}
            label={t('orgUnit')}
          />
        </Toolbar>
        {names.length > 0 && (
          <Typography.Paragraph style={{ margin: 0 }} data-testid="trend-unit">
            {t('unitCode', { code: unit })}:{' '}
            {names.map((n, i) => (
              <span key={n.from}>
                {i > 0 && '; '}
                <span lang="vi">{n.name}</span> ({n.from === n.to ? n.from : `${n.from}–${n.to}`})
              </span>
            ))}
            . <Typography.Text type="secondary">{t('yearlyNote')}</Typography.Text>
          </Typography.Paragraph>
        )}
        {periods.error !== undefined && <ErrorNotice error={periods.error} />}
        {cards.error !== undefined && <ErrorNotice error={cards.error} />}
        {definitions.error !== undefined && <ErrorNotice error={definitions.error} />}
        {projections.error !== undefined && <ErrorNotice error={projections.error} />}
        {failures.length > 0 && failures.length === (settled ?? []).length && (
          <ErrorNotice error={(failures[0] as PromiseRejectedResult).reason} />
        )}
        {failures.length > 0 && failures.length < (settled ?? []).length && (
          <Alert type="info" showIcon title={t('someYearsMissing', { n: failures.length })} />
        )}
        <Flex wrap gap={8}>
          <Input.Search
            allowClear
            defaultValue={state.q}
            placeholder={t('searchIndicators')}
            aria-label={t('searchIndicators')}
            onChange={(e) => update({ q: e.target.value, page: '' }, { replace: true })}
            style={{ width: 240, maxWidth: '100%' }}
          />
          <GroupSelect
            card={reference}
            value={state.group}
            onChange={(group) => update({ group, page: '' }, { replace: true })}
          />
          <Space size={6}>
            <Switch
              size="small"
              id="dash-with-targets"
              checked={state.targets === '1'}
              onChange={(on) => update({ targets: on ? '1' : '', page: '' }, { replace: true })}
              aria-label={t('withTargetsOnly')}
            />
            <label htmlFor="dash-with-targets">{t('withTargetsOnly')}</label>
          </Space>
        </Flex>
        <Table<Trend>
          rowKey="code"
          columns={columns}
          dataSource={loaded ? shown : []}
          loading={!loaded && cards.error === undefined && definitions.error === undefined}
          data-testid="trend-table"
          onRow={(tr) => rowAttributes({ 'data-testid': 'trend-row', 'data-code': tr.code })}
          pagination={{
            current: Number(state.page) || 1,
            pageSize: Number(state.size) || 6,
            showSizeChanger: true,
            pageSizeOptions: [6, 12, 24, 48],
            onChange: (page, size) => update({ page: String(page), size: String(size) }),
            showTotal: (total) => t('totalIndicators', { n: total }),
            size: 'small',
          }}
        />
      </Space>
    </ScreenFrame>
  );
}

function TrendRow({
  trend,
  firstYear,
  lastDataYear,
  language,
  onPoint,
}: {
  trend: Trend;
  firstYear: number;
  lastDataYear: number;
  language: Language;
  onPoint: (year: number) => void;
}) {
  const t = useText(TEXT);
  const unitText = useUnitText();
  const anchors = [...(trend.definition?.targets ?? [])].sort((a, b) => a.year - b.year);
  const national = new Map((trend.definition?.nationalAverage ?? []).map((n) => [n.year, n.value]));
  const projected = new Map(
    (trend.projection?.targets ?? []).filter((p) => p.projected !== null).map((p) => [p.targetYear, p]),
  );
  const lastYear = Math.max(
    lastDataYear,
    ...anchors.map((a) => a.year),
    ...[...national.keys()],
    ...[...projected.keys()],
  );
  const xs: number[] = [];
  for (let y = firstYear; y <= lastYear; y++) xs.push(y);
  const value = (y: number) => trend.byYear.get(y)?.value ?? null;
  // The path: the target each scorecard judged the year against; past the years with figures, the catalogue's targets.
  const target = (y: number) =>
    y <= lastDataYear ? (trend.byYear.get(y)?.target ?? null) : (anchors.find((a) => a.year === y)?.value ?? null);
  const hasTarget = xs.some((y) => target(y) !== null);
  const hasNational = national.size > 0;
  const hasProjection = projected.size > 0;
  const fmt = (v: number | null | undefined) => formatFigure(language, v, trend.unit);
  const option = {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, itemWidth: 18, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number | null | undefined) => fmt(v),
    },
    xAxis: { type: 'category', data: xs.map(String), boundaryGap: false },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { formatter: (v: number) => formatNumber(language, v, 4) },
    },
    series: [
      {
        name: t('valueSeries'),
        type: 'line',
        data: xs.map(value),
        symbolSize: 8,
        lineStyle: { width: 2.5 },
        itemStyle: { color: COLOURS.value },
        z: 3,
      },
      ...(hasTarget
        ? [
            {
              name: t('targetPath'),
              type: 'line',
              data: xs.map(target),
              connectNulls: true,
              symbol: 'rect',
              symbolSize: 6,
              lineStyle: { type: 'dashed', width: 2 },
              itemStyle: { color: COLOURS.target },
            },
          ]
        : []),
      ...(hasNational
        ? [
            {
              name: t('nationalAverage'),
              type: 'line',
              // Only the published years: a year without one is a gap, not a value in between.
              data: xs.map((y) => national.get(y) ?? null),
              connectNulls: false,
              symbol: 'triangle',
              symbolSize: 8,
              lineStyle: { type: 'dotted', width: 2 },
              itemStyle: { color: COLOURS.national },
            },
          ]
        : []),
      ...(hasProjection
        ? [
            {
              name: t('projected'),
              type: 'line',
              data: xs.map((y) => projected.get(y)?.projected ?? null),
              symbol: 'diamond',
              symbolSize: 11,
              lineStyle: { width: 0 },
              itemStyle: { color: COLOURS.projected },
            },
          ]
        : []),
    ],
  };
  const summary = xs
    .filter((y) => value(y) !== null)
    .map((y) => `${y}: ${fmt(value(y))}${target(y) !== null ? ` (${t('target')} ${fmt(target(y))})` : ''}`)
    .join('; ');
  const latest = trend.latestYear !== undefined ? trend.byYear.get(trend.latestYear) : undefined;
  const baseline = trend.definition?.baseline;
  return (
    <Row gutter={[16, 8]}>
      <Col xs={24} lg={9}>
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <LocalName nameVi={trend.nameVi} nameEn={trend.nameEn} code={trend.code} strong />
          <Space wrap size={4}>
            {trend.pillar && <Tag>{trend.pillar}</Tag>}
            {trend.subIndex && <Tag>{trend.subIndex}</Tag>}
            {unitText(trend.unit) && <Tag>{unitText(trend.unit)}</Tag>}
            {trend.unit === '%' && <Tag>%</Tag>}
          </Space>
          {latest && trend.latestYear !== undefined && (
            <span>
              {t('latestIn', { year: trend.latestYear })}: <Typography.Text strong>{fmt(latest.value)}</Typography.Text>{' '}
              <StatusTag status={latest.status} />
            </span>
          )}
          {anchors.length > 0 && (
            <Typography.Text>
              {t('targets')}:{' '}
              {anchors
                .map((a) => `${a.year} ${comparatorText(a.comparator, trend.definition?.direction)} ${fmt(a.value)}`)
                .join('; ')}
            </Typography.Text>
          )}
          {national.size > 0 && (
            <Typography.Text>
              {t('nationalAverage')}:{' '}
              {[...national.entries()]
                .sort((a, b) => a[0] - b[0])
                .map(([year, v]) => `${year}: ${fmt(v)}`)
                .join('; ')}
            </Typography.Text>
          )}
          {baseline && (
            <Typography.Text type="secondary">
              {t('baseline')}: {fmt(baseline.value)} ({baseline.period})
            </Typography.Text>
          )}
          {(trend.projection?.targets ?? []).map((p) => (
            <Typography.Text key={p.targetYear} type="secondary" className="dash-small">
              {p.projected === null
                ? t('projectionNone', { year: p.targetYear })
                : p.met
                  ? t('projectionMet', { year: p.targetYear, value: fmt(p.projected) })
                  : t('projectionMissed', {
                      year: p.targetYear,
                      value: fmt(p.projected),
                      shortfall: fmt(p.shortfall),
                    })}
              {p.metAt !== null && !p.met && ` ${t('projectionMetAt', { year: Math.floor(p.metAt) })}`}
            </Typography.Text>
          ))}
        </Space>
      </Col>
      <Col xs={24} lg={15}>
        {xs.some((y) => value(y) !== null) ? (
          <Chart
            option={option}
            height={230}
            label={t('trendChartLabel', { name: trend.nameVi, values: summary || '—' })}
            onClick={(p) => p.seriesName === t('valueSeries') && onPoint(Number(p.name))}
          />
        ) : (
          <Typography.Text type="secondary">{t('noFigures')}</Typography.Text>
        )}
      </Col>
    </Row>
  );
}
