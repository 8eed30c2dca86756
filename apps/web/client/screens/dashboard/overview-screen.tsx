import { LineChartOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Flex,
  Grid,
  Input,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Chart } from './lazy-chart';
import { ErrorNotice } from '../../common/errors';
import { formatNumber } from '../../common/format';
import { defaultPeriod, periodEndOrToday, periodLabel } from '../../common/periods';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { rowAttributes } from '../../common/table';
import { useLoad } from '../../common/use-load';
import { VisuallyHidden } from '../../common/visually-hidden';
import { useLanguage, useLocalName, useText } from '../../i18n/language';
import { MENU_TEXT } from '../../layout/menu';
import {
  fetchLeague,
  fetchScorecard,
  type IndicatorLine,
  type LeagueTable,
  type OrgUnit,
  orgUnitsAt,
  PROVINCE,
  type Scorecard,
  type Status,
} from './api';
import { type ScorePart, touchesPeriod, useDashboard, useLiveRefresh } from './dashboard-context';
import { pending, useLinkTo } from './links';
import {
  comparatorText,
  FigureButton,
  formatFigure,
  formatScore,
  GroupSelect,
  LiveBadge,
  LocalName,
  PeriodSelect,
  scoreColour,
  STATUS_COLOURS,
  STATUSES,
  StatusTag,
  Toolbar,
  UnitPicker,
  useUnitText,
} from './parts';
import { TEXT } from './text';

/*
 * The province overview: the chosen unit's overall score, its pillars against their targets, its units one
 * level down (the hierarchy in force at the end of the chosen period: districts before the 2025 reform, communes
 * straight under the province after it) and every indicator with value, target and status. Period and unit are
 * in the address; the figures follow the live stream.
 */

const PILLARS = ['CQS', 'KTS', 'XHS'] as const;

type Line = IndicatorLine & { indexCode: string | null; indexName: { nameVi: string; nameEn: string } | null };

interface ChildRow {
  orgUnitCode: string;
  orgUnitName: string;
  level: number;
  overall: number | null;
  rank: number | null;
  pillars: Record<string, number | null>;
}

export function OverviewScreen() {
  const t = useText(TEXT);
  const m = useText(MENU_TEXT);
  const { language } = useLanguage();
  const name = useLocalName();
  const unitText = useUnitText();
  const linkTo = useLinkTo();
  const { periods, explain, subscribe } = useDashboard();
  const [state, update] = useSearchState({
    period: '',
    unit: PROVINCE,
    group: '',
    status: '',
    q: '',
    hideEmpty: '',
  });
  const period = state.period || defaultPeriod(periods.data);
  const { unit } = state;

  const card = useLoad(() => (period ? fetchScorecard(unit, period) : pending<Scorecard>()), [unit, period]);
  const children = useLoad(
    () =>
      period
        ? Promise.all([
            fetchLeague({ period, by: 'overall', parent: unit }),
            ...PILLARS.map((code) => fetchLeague({ period, by: 'pillar', code, parent: unit })),
          ])
        : pending<LeagueTable[]>(),
    [unit, period],
  );
  const end = period ? periodEndOrToday(period) : undefined;
  const hierarchy = useLoad(
    () => (end ? orgUnitsAt(end).then((list) => ({ at: end, list })) : pending<{ at: string; list: OrgUnit[] }>()),
    [end],
  );
  useLiveRefresh(
    (e) => touchesPeriod(e, period),
    () => {
      card.reload();
      children.reload();
    },
  );
  useLiveRefresh((e) => e.kind === 'catalogue', hierarchy.reload);

  // The indicators a pushed change touched flash for a moment.
  const [flash, setFlash] = useState<Set<string>>(new Set());
  useEffect(
    () =>
      subscribe((e) => {
        if (e.kind !== 'aggregates') return;
        const codes = (e.aggregates ?? [])
          .filter((a) => a.period === period && a.orgUnitCode === unit)
          .map((a) => a.indicatorCode);
        if (codes.length > 0) setFlash(new Set(codes));
      }),
    [subscribe, period, unit],
  );
  useEffect(() => {
    if (flash.size === 0) return;
    const timer = setTimeout(() => setFlash(new Set()), 4000);
    return () => clearTimeout(timer);
  }, [flash]);

  const scorecard = card.data && card.data.period === period && card.data.orgUnit.code === unit ? card.data : undefined;
  const leagues =
    children.data && children.data[0]?.period === period && children.data[0].parent === unit
      ? children.data
      : undefined;
  // Each answer is checked against the current choice: a live reload keeps the figures shown meanwhile.
  const units = hierarchy.data?.at === end ? hierarchy.data?.list : undefined;
  const loaded = scorecard !== undefined && leagues !== undefined && units !== undefined;

  const chain = useMemo(() => {
    const path: OrgUnit[] = [];
    let current = units?.find((u) => u.code === unit);
    while (current && path.length < 5) {
      path.unshift(current);
      current = current.parentCode ? units?.find((u) => u.code === current?.parentCode) : undefined;
    }
    return path;
  }, [units, unit]);
  const root = units?.find((u) => u.level === 1) ?? units?.find((u) => !u.parentCode);
  const unitMissing = units !== undefined && chain.length === 0;

  const lines: Line[] = useMemo(
    () =>
      scorecard
        ? [
            ...scorecard.indexes.flatMap((i) =>
              i.lines.map((l) => ({ ...l, indexCode: i.code, indexName: { nameVi: i.nameVi, nameEn: i.nameEn } })),
            ),
            ...scorecard.other.map((l) => ({ ...l, indexCode: null, indexName: null })),
          ]
        : [],
    [scorecard],
  );

  const openPart = (part: ScorePart) =>
    period && explain({ kind: 'score', orgUnit: unit, period, part, card: scorecard });
  const openLine = (code: string) => period && explain({ kind: 'indicator', indicator: code, orgUnit: unit, period });

  return (
    <ScreenFrame name="dashboard-overview" title={m('overview')} loaded={loaded} extra={<LiveBadge />}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Toolbar>
          <PeriodSelect value={period} periods={periods.data} onChange={(p) => update({ period: p })} />
          <UnitPicker units={units} value={unit} onChange={(code) => update({ unit: code })} label={t('orgUnit')} />
        </Toolbar>
        {periods.error !== undefined && <ErrorNotice error={periods.error} />}
        {chain.length > 0 && (
          <nav aria-label={t('hierarchy')}>
            <Breadcrumb
              data-testid="unit-breadcrumb"
              items={chain.map((u, i) => ({
                key: u.code,
                title:
                  i === chain.length - 1 ? (
                    <span lang="vi" aria-current="page">
                      {u.nameVi}
                    </span>
                  ) : (
                    <Link to={linkTo('/dashboard', { unit: u.code === PROVINCE ? '' : u.code })} lang="vi">
                      {u.nameVi}
                    </Link>
                  ),
              }))}
            />
          </nav>
        )}
        {unitMissing && period && (
          <Alert
            type="warning"
            showIcon
            data-testid="unit-missing"
            title={t('unitNotInPeriod', {
              unit: scorecard?.orgUnit.nameVi ?? unit,
              date: periodEndOrToday(period).split('-').reverse().join('/'),
            })}
            action={
              root && (
                <Link to={linkTo('/dashboard', { unit: root.code === PROVINCE ? '' : root.code })}>
                  <span lang="vi">{root.nameVi}</span>
                </Link>
              )
            }
          />
        )}
        {card.error !== undefined && <ErrorNotice error={card.error} />}
        {!scorecard && card.error === undefined && <Skeleton active />}
        {scorecard && (
          <Row gutter={[16, 16]}>
            <Col xs={24} md={10} xl={8}>
              <OverallCard card={scorecard} onPart={openPart} onLine={openLine} />
            </Col>
            <Col xs={24} md={14} xl={16}>
              <PillarsCard card={scorecard} lines={lines} onPart={openPart} />
            </Col>
          </Row>
        )}
        {children.error !== undefined && <ErrorNotice error={children.error} />}
        {leagues && leagues[0].rows.length > 0 && (
          <ChildrenCard leagues={leagues} unitName={scorecard?.orgUnit.nameVi ?? unit} />
        )}
        {scorecard && (
          <IndicatorsCard
            card={scorecard}
            lines={lines}
            flash={flash}
            filters={state}
            onFilters={(changes) => update(changes, { replace: true })}
            onLine={openLine}
            trendsHref={(code) => linkTo('/dashboard/trends', { unit: unit === PROVINCE ? '' : unit, q: code }, false)}
            unitText={unitText}
            language={language}
            name={name}
          />
        )}
      </Space>
    </ScreenFrame>
  );
}

function OverallCard({
  card,
  onPart,
  onLine,
}: {
  card: Scorecard;
  onPart: (part: ScorePart) => void;
  onLine: (code: string) => void;
}) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const name = useLocalName();
  const published = card.other.filter((l) => l.value !== null);
  return (
    <Card title={t('overallScore')} size="small" style={{ height: '100%' }}>
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        <FigureButton
          label={t('overallScore')}
          testId="overall-score"
          data={{ value: card.overall.score }}
          onClick={() => onPart({ kind: 'overall', code: 'DTI' })}
        >
          <span className="dash-big" style={{ color: scoreColour(card.overall.score) }}>
            {formatScore(language, card.overall.score)}
          </span>
        </FigureButton>
        {card.overall.points !== null && (
          <Typography.Text>
            {t('pointsOf', {
              points: formatNumber(language, card.overall.points, 1),
              max: formatNumber(language, card.overall.maxPoints),
            })}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">
          {card.overall.score === null
            ? t('noScores')
            : t('coverageText', { share: formatNumber(language, card.overall.coverage * 100, 2) })}
        </Typography.Text>
        <Tooltip title={card.framework.formula}>
          <Tag>
            {card.framework.code} · {card.framework.decision}
          </Tag>
        </Tooltip>
        {published.length > 0 && (
          <div>
            <Typography.Text strong>{t('publishedResults')}</Typography.Text>
            <ul className="dash-published">
              {published.map((l) => (
                <li key={l.code}>
                  <Typography.Text>{name(l)}: </Typography.Text>
                  <FigureButton
                    label={name(l)}
                    testId="published-value"
                    data={{ code: l.code, value: l.value }}
                    onClick={() => onLine(l.code)}
                  >
                    {formatFigure(language, l.value, l.unit)}
                  </FigureButton>
                  {l.nationalAverage !== null && (
                    <Typography.Text type="secondary">
                      {' '}
                      ({t('nationalAverageShort')} {formatFigure(language, l.nationalAverage, l.unit)})
                    </Typography.Text>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
      </Space>
    </Card>
  );
}

type PillarRow = Scorecard['pillars'][number] & { counts: Partial<Record<Status, number>> };

function PillarsCard({ card, lines, onPart }: { card: Scorecard; lines: Line[]; onPart: (part: ScorePart) => void }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const name = useLocalName();
  const rows: PillarRow[] = card.pillars.map((p) => {
    const counts: Partial<Record<Status, number>> = {};
    for (const l of lines)
      if (l.indexCode && p.indexes.includes(l.indexCode)) counts[l.status] = (counts[l.status] ?? 0) + 1;
    return { ...p, counts };
  });
  const bars = [
    { code: 'DTI', label: t('overallShort'), score: card.overall.score, part: { kind: 'overall', code: 'DTI' } },
    ...card.pillars.map((p) => ({
      code: p.code,
      label: name(p),
      score: p.score,
      part: { kind: 'pillar', code: p.code },
    })),
  ] as { code: string; label: string; score: number | null; part: ScorePart }[];
  const percent = (v: number) => `${formatNumber(language, v, 2)} %`;
  const option = {
    grid: { left: 8, right: 56, top: 34, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : percent(v)),
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${v} %` } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => b.label),
      axisLabel: { width: 120, overflow: 'break' },
    },
    series: [
      {
        type: 'bar',
        name: t('score'),
        barMaxWidth: 26,
        data: bars.map((b) => ({
          value: b.score === null ? null : Math.round(b.score * 10000) / 100,
          itemStyle: { color: scoreColour(b.score) },
        })),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { value: number | null }) => (p.value === null ? '—' : percent(p.value)),
        },
        markLine: {
          symbol: 'none',
          silent: true,
          data: [{ xAxis: 100 }],
          label: { formatter: t('targetFull'), position: 'start' },
          lineStyle: { type: 'dashed', color: '#262626' },
        },
      },
    ],
  };
  const columns: TableColumnsType<PillarRow> = [
    {
      title: t('pillar'),
      key: 'name',
      render: (_, p) => <LocalName nameVi={p.nameVi} nameEn={p.nameEn} code={p.code} />,
    },
    {
      title: t('score'),
      key: 'score',
      align: 'right',
      render: (_, p) => (
        <FigureButton
          label={name(p)}
          testId="pillar-score"
          data={{ pillar: p.code, value: p.score }}
          onClick={() => onPart({ kind: 'pillar', code: p.code })}
        >
          {formatScore(language, p.score)}
        </FigureButton>
      ),
    },
    {
      title: t('points'),
      key: 'points',
      align: 'right',
      responsive: ['sm'],
      render: (_, p) =>
        p.score === null
          ? '—'
          : `${formatNumber(language, p.score * p.maxPoints, 2)} / ${formatNumber(language, p.maxPoints)}`,
    },
    {
      title: t('againstTargets'),
      key: 'counts',
      render: (_, p) => (
        <Space wrap size={4}>
          {(['on-track', 'within-tolerance', 'off-track', 'awaiting-judgement'] as Status[])
            .filter((s) => p.counts[s])
            .map((s) => (
              <Tooltip key={s} title={t(`status_${s}`)}>
                <Tag color={STATUS_COLOURS[s]} variant="solid" style={{ marginInlineEnd: 0 }}>
                  {p.counts[s]} {t(`statusShort_${s}`)}
                </Tag>
              </Tooltip>
            ))}
        </Space>
      ),
    },
  ];
  return (
    <Card title={t('pillarsAgainstTargets')} size="small" style={{ height: '100%' }}>
      <Chart
        option={option}
        height={200}
        label={t('pillarsChartLabel', {
          values: bars.map((b) => `${b.label}: ${b.score === null ? '—' : formatScore(language, b.score)}`).join('; '),
        })}
        onClick={(p) => bars[p.dataIndex] && onPart(bars[p.dataIndex].part)}
      />
      <Table<PillarRow>
        size="small"
        rowKey="code"
        columns={columns}
        dataSource={rows}
        pagination={false}
        onRow={(p) => rowAttributes({ 'data-testid': 'pillar-row', 'data-pillar': p.code })}
      />
    </Card>
  );
}

function ChildrenCard({ leagues, unitName }: { leagues: LeagueTable[]; unitName: string }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const linkTo = useLinkTo();
  const [query, setQuery] = useState('');
  const rows: ChildRow[] = useMemo(() => {
    const [overall, ...pillars] = leagues;
    return overall.rows.map((r) => ({
      orgUnitCode: r.orgUnitCode,
      orgUnitName: r.orgUnitName,
      level: r.level,
      overall: r.value,
      rank: r.rank,
      pillars: Object.fromEntries(
        pillars.map((p) => [p.code ?? '', p.rows.find((x) => x.orgUnitCode === r.orgUnitCode)?.value ?? null]),
      ),
    }));
  }, [leagues]);
  const level = rows[0]?.level;
  const shown = query
    ? rows.filter((r) => `${r.orgUnitName} ${r.orgUnitCode}`.toLowerCase().includes(query.toLowerCase()))
    : rows;
  const scoreSorter = (get: (r: ChildRow) => number | null) => (a: ChildRow, b: ChildRow) =>
    (get(a) ?? -1) - (get(b) ?? -1);
  const columns: TableColumnsType<ChildRow> = [
    {
      title: t('rank'),
      dataIndex: 'rank',
      align: 'right',
      width: 64,
      render: (r: number | null) => r ?? '—',
      sorter: (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity),
    },
    {
      title: t('orgUnit'),
      key: 'unit',
      render: (_, r) => (
        <Link
          to={linkTo('/dashboard', { unit: r.orgUnitCode })}
          data-testid="unit-link"
          data-unit={r.orgUnitCode}
          lang="vi"
        >
          {r.orgUnitName}
        </Link>
      ),
      sorter: (a, b) => a.orgUnitName.localeCompare(b.orgUnitName, 'vi'),
    },
    {
      title: t('overallShort'),
      key: 'overall',
      align: 'right',
      render: (_, r) => formatScore(language, r.overall),
      sorter: scoreSorter((r) => r.overall),
    },
    ...PILLARS.map((code) => ({
      title: code,
      key: code,
      align: 'right' as const,
      responsive: ['sm' as const],
      render: (_: unknown, r: ChildRow) => formatScore(language, r.pillars[code]),
      sorter: scoreSorter((r) => r.pillars[code]),
    })),
  ];
  return (
    <Card
      size="small"
      title={
        <span>
          {t('unitsBelow', { level: level === 2 ? t('level2') : t('level3') })} · <span lang="vi">{unitName}</span> (
          {rows.length})
        </span>
      }
    >
      <Input.Search
        allowClear
        placeholder={t('searchUnits')}
        aria-label={t('searchUnits')}
        onChange={(e) => setQuery(e.target.value)}
        style={{ maxWidth: 260, marginBottom: 8 }}
      />
      {rows.every((r) => r.overall === null) && (
        <Alert type="info" showIcon title={t('noChildScores')} style={{ marginBottom: 8 }} />
      )}
      <Table<ChildRow>
        size="small"
        rowKey="orgUnitCode"
        columns={columns}
        dataSource={shown}
        data-testid="children-table"
        pagination={{ defaultPageSize: 10, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100], size: 'small' }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

interface Filters {
  group: string;
  status: string;
  q: string;
  hideEmpty: string;
}

function IndicatorsCard({
  card,
  lines,
  flash,
  filters,
  onFilters,
  onLine,
  trendsHref,
  unitText,
  language,
  name,
}: {
  card: Scorecard;
  lines: Line[];
  flash: Set<string>;
  filters: Filters;
  onFilters: (changes: Partial<Filters>) => void;
  onLine: (code: string) => void;
  trendsHref: (code: string) => string;
  unitText: (unit: string) => string;
  language: 'vi' | 'en';
  name: (named: { nameVi?: string | null; nameEn?: string | null; code?: string }) => string;
}) {
  const t = useText(TEXT);
  const wide = Grid.useBreakpoint().sm ?? true;
  const query = filters.q.trim().toLowerCase();
  const shown = lines.filter(
    (l) =>
      (!filters.group ||
        (filters.group === 'other'
          ? l.indexCode === null
          : filters.group.startsWith('p:')
            ? l.pillar === filters.group.slice(2)
            : l.indexCode === filters.group.slice(2))) &&
      (!filters.status || l.status === filters.status) &&
      (!filters.hideEmpty || l.value !== null) &&
      (!query || `${l.code} ${l.nameVi} ${l.nameEn}`.toLowerCase().includes(query)),
  );
  const columns: TableColumnsType<Line> = [
    {
      title: t('indicator'),
      key: 'name',
      render: (_, l) => (
        <div className="dash-line-name">
          <LocalName nameVi={l.nameVi} nameEn={l.nameEn} code={l.code} />
          {l.indexName && (
            <Tooltip title={name(l.indexName)}>
              <Tag className="dash-index-tag">{l.indexCode}</Tag>
            </Tooltip>
          )}
        </div>
      ),
      sorter: (a, b) => name(a).localeCompare(name(b), language),
    },
    {
      title: t('value'),
      key: 'value',
      align: 'right',
      render: (_, l) => (
        <span className="dash-value">
          {l.value === null ? (
            <Typography.Text type="secondary" data-testid="indicator-value" data-code={l.code} data-value="">
              —
            </Typography.Text>
          ) : (
            <FigureButton
              label={name(l)}
              testId="indicator-value"
              data={{ code: l.code, value: l.value }}
              onClick={() => onLine(l.code)}
            >
              {formatFigure(language, l.value, l.unit)}
            </FigureButton>
          )}
          {l.value !== null && unitText(l.unit) && (
            <Typography.Text type="secondary" className="dash-small">
              {' '}
              {unitText(l.unit)}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('target'),
      key: 'target',
      align: 'right',
      responsive: ['sm'],
      render: (_, l) =>
        l.target === null ? (
          '—'
        ) : (
          <span data-testid="indicator-target" data-code={l.code} data-value={l.target}>
            {`${comparatorText(l.comparator, l.direction)} ${formatFigure(language, l.target, l.unit)}`}
            {l.targetYear !== null && (
              <>
                <br />
                <Typography.Text type="secondary" className="dash-small">
                  {String(l.targetYear) === card.period.slice(0, 4) && card.period.length === 4
                    ? t('targetOfYear', { year: l.targetYear })
                    : t('pathTo', { year: l.targetYear })}
                </Typography.Text>
              </>
            )}
          </span>
        ),
    },
    {
      title: t('nationalAverageShort'),
      key: 'national',
      align: 'right',
      responsive: ['md'],
      render: (_, l) => formatFigure(language, l.nationalAverage, l.unit),
    },
    {
      title: t('achievement'),
      key: 'achievement',
      align: 'right',
      responsive: ['sm'],
      render: (_, l) => (l.achievement === null ? '—' : `${formatNumber(language, l.achievement, 2)} %`),
      sorter: (a, b) => (a.achievement ?? -1) - (b.achievement ?? -1),
    },
    {
      title: t('status'),
      key: 'status',
      render: (_, l) => <StatusTag status={l.status} />,
      sorter: (a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status),
    },
    {
      title: <VisuallyHidden>{t('trend')}</VisuallyHidden>,
      key: 'trend',
      width: 48,
      render: (_, l) => (
        <Link to={trendsHref(l.code)} aria-label={t('trendOf', { name: name(l) })} title={t('trend')}>
          <LineChartOutlined />
        </Link>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={
        <span>
          {t('indicatorsOf')} · <span lang="vi">{card.orgUnit.nameVi}</span> · {periodLabel(language, card.period)}
        </span>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 8 }}>
        <Input.Search
          allowClear
          defaultValue={filters.q}
          placeholder={t('searchIndicators')}
          aria-label={t('searchIndicators')}
          onChange={(e) => onFilters({ q: e.target.value })}
          style={{ width: 240, maxWidth: '100%' }}
        />
        <GroupSelect card={card} value={filters.group} onChange={(group) => onFilters({ group })} />
        <Select
          aria-label={t('status')}
          value={filters.status}
          onChange={(v: string) => onFilters({ status: v })}
          options={[
            { value: '', label: t('allStatuses') },
            ...STATUSES.map((s) => ({ value: s, label: t(`status_${s}`) })),
          ]}
          style={{ minWidth: 170 }}
          popupMatchSelectWidth={false}
        />
        <Space size={6}>
          <Switch
            size="small"
            checked={filters.hideEmpty === '1'}
            onChange={(on) => onFilters({ hideEmpty: on ? '1' : '' })}
            aria-label={t('hideEmpty')}
            id="dash-hide-empty"
          />
          <label htmlFor="dash-hide-empty">{t('hideEmpty')}</label>
        </Space>
        {(filters.q || filters.group || filters.status || filters.hideEmpty) && (
          <Button size="small" onClick={() => onFilters({ q: '', group: '', status: '', hideEmpty: '' })}>
            {t('clearFilters')}
          </Button>
        )}
      </Flex>
      <Table<Line>
        size="small"
        rowKey="code"
        columns={columns}
        dataSource={shown}
        data-testid="indicator-table"
        rowClassName={(l) => (flash.has(l.code) ? 'dash-flash' : '')}
        onRow={(l) => rowAttributes({ 'data-testid': 'indicator-row', 'data-code': l.code })}
        pagination={{
          defaultPageSize: 10,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50],
          size: 'small',
          showTotal: (total) => t('totalIndicators', { n: total }),
        }}
        scroll={{ x: wide ? 760 : 500 }}
      />
    </Card>
  );
}
