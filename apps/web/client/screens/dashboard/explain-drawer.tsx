import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Grid,
  Input,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import { loadAgencies } from '../../common/agencies';
import { ErrorNotice } from '../../common/errors';
import { formatDate, formatDateTime, formatNumber } from '../../common/format';
import { periodEndOrToday, periodLabel, periodTypeLabel } from '../../common/periods';
import { useLoad } from '../../common/use-load';
import { useLanguage, useLocalName, useText } from '../../i18n/language';
import {
  catalogue,
  type Contribution,
  type ExplainedReport,
  fetchCompleteness,
  fetchExplanation,
  fetchObligations,
  fetchScorecard,
  type IndicatorLine,
  orgUnitsAt,
  PROVINCE,
  type ReportCounts,
  type Scorecard,
  type ScoredPart,
} from './api';
import { type ExplainTarget, useLiveRefresh } from './dashboard-context';
import { comparatorText, FigureButton, formatFigure, formatScore, LocalName, StatusTag, useUnitText } from './parts';
import { TEXT } from './text';

/*
 * The explanation of a figure, down to the agencies' reports. An indicator's figure: the indicators service's
 * explanation (its rules, the unit's own figure, each child's, every report under it with its event id, agency
 * and times), and from a child its own explanation in turn. A score: how the published score adds up from the
 * main indexes and their indicators' achievements, and from an indicator its explanation. An agency's reporting
 * discipline: what it owed, by period and by unit, and its obligations. Each step is kept, so Back returns.
 */

const LABEL = { label: { width: '36%' } };

const PAGE = { defaultPageSize: 10, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100], size: 'small' as const };

export function ExplainDrawer({ target, onClose }: { target: ExplainTarget | undefined; onClose: () => void }) {
  const t = useText(TEXT);
  const wide = Grid.useBreakpoint().md ?? true;
  return (
    <Drawer
      open={target !== undefined}
      onClose={onClose}
      rootClassName="dash-area"
      size={wide ? 820 : '100%'}
      title={t('explanation')}
      destroyOnHidden
      closable={{ 'aria-label': t('close') }}
    >
      {target && <ExplainStack root={target} />}
    </Drawer>
  );
}

function ExplainStack({ root }: { root: ExplainTarget }) {
  const t = useText(TEXT);
  const [stack, setStack] = useState<ExplainTarget[]>([root]);
  const current = stack[stack.length - 1];
  const push = (next: ExplainTarget) => setStack((s) => [...s, next]);
  return (
    <div data-testid="explain-drawer" data-kind={current.kind}>
      {stack.length > 1 && (
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => setStack((s) => s.slice(0, -1))}
          style={{ marginBottom: 12 }}
          data-testid="explain-back"
        >
          {t('back')}
        </Button>
      )}
      {current.kind === 'indicator' && <IndicatorExplanation key={stack.length} target={current} push={push} />}
      {current.kind === 'score' && <ScoreExplanation key={stack.length} target={current} push={push} />}
      {current.kind === 'agency' && <AgencyExplanation key={stack.length} target={current} push={push} />}
    </div>
  );
}

type Push = (target: ExplainTarget) => void;

const RULES = ['SUM', 'AVERAGE', 'RATIO', 'MIN', 'MAX', 'LAST'] as const;

function useRuleText() {
  const t = useText(TEXT);
  return (rule: string | null) =>
    rule === null
      ? '—'
      : (RULES as readonly string[]).includes(rule)
        ? t(`rule_${rule as (typeof RULES)[number]}`)
        : rule;
}

function IndicatorExplanation({ target, push }: { target: Extract<ExplainTarget, { kind: 'indicator' }>; push: Push }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const name = useLocalName();
  const unitText = useUnitText();
  const ruleText = useRuleText();
  const { indicator, orgUnit, period } = target;
  const loaded = useLoad(
    () =>
      Promise.all([
        fetchExplanation(indicator, orgUnit, period),
        catalogue().catch(() => []),
        loadAgencies(periodEndOrToday(period)).catch(() => []),
      ]),
    [indicator, orgUnit, period],
  );
  const { reload } = loaded;
  useLiveRefresh(
    (e) =>
      e.kind === 'aggregates' && (e.aggregates ?? []).some((a) => a.indicatorCode === indicator && a.period === period),
    reload,
  );
  const [more, setMore] = useState<{ reports: ExplainedReport[]; cursor: string | null; loading: boolean }>({
    reports: [],
    cursor: null,
    loading: false,
  });
  const [moreError, setMoreError] = useState<unknown>(undefined);
  const [unitFilter, setUnitFilter] = useState('');
  const [explanation, definitions, agencies] = loaded.data ?? [];
  const reports = useMemo(
    () => [...(explanation?.reports ?? []), ...more.reports],
    [explanation?.reports, more.reports],
  );
  const definition = definitions?.find((d) => d.code === indicator);
  const unit = definition?.unit;
  const agencyName = (code: string) => {
    const agency = agencies?.find((a) => a.code === code);
    return agency ? name(agency) : code;
  };
  const cursor = more.cursor ?? explanation?.nextCursor ?? null;
  const loadMore = () => {
    if (!cursor) return;
    setMore((m) => ({ ...m, loading: true }));
    fetchExplanation(indicator, orgUnit, period, cursor).then(
      (page) => setMore((m) => ({ reports: [...m.reports, ...page.reports], cursor: page.nextCursor, loading: false })),
      (error: unknown) => {
        setMoreError(error);
        setMore((m) => ({ ...m, loading: false }));
      },
    );
  };
  if (loaded.error instanceof ApiError && loaded.error.status === 404)
    return <Alert type="info" showIcon title={t('nothingReported')} description={loaded.error.message} />;
  if (loaded.error) return <ErrorNotice error={loaded.error} />;
  if (!explanation) return <Skeleton active />;
  const ratio = explanation.rules.orgUnit === 'RATIO';
  const figure = (value: number | null, numerator?: number | null, denominator?: number | null) =>
    value !== null
      ? formatFigure(language, value, unit)
      : numerator !== null && numerator !== undefined && denominator
        ? `${formatNumber(language, numerator)} / ${formatNumber(language, denominator)}`
        : '—';
  const agencyCodes = [...new Set(reports.map((r) => r.agencyCode))].sort();
  const shownReports = unitFilter
    ? reports.filter((r) =>
        `${r.orgUnitName} ${r.orgUnitCode} ${r.eventId}`.toLowerCase().includes(unitFilter.toLowerCase()),
      )
    : reports;
  const childColumns: TableColumnsType<Contribution> = [
    {
      title: t('orgUnit'),
      key: 'unit',
      render: (_, c) => (
        <Button
          type="link"
          size="small"
          className="dash-figure"
          data-testid="explain-child"
          data-unit={c.orgUnitCode}
          onClick={() => push({ kind: 'indicator', indicator, orgUnit: c.orgUnitCode, period })}
        >
          <span lang="vi">{c.orgUnitName}</span>
        </Button>
      ),
      sorter: (a, b) => a.orgUnitName.localeCompare(b.orgUnitName, 'vi'),
    },
    {
      title: t('value'),
      key: 'value',
      align: 'right',
      render: (_, c) => figure(c.value, c.numerator, c.denominator),
      sorter: (a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity),
    },
    ...(ratio
      ? [
          {
            title: t('numeratorDenominator'),
            key: 'ratio',
            align: 'right' as const,
            render: (_: unknown, c: Contribution) =>
              `${formatNumber(language, c.numerator)} / ${formatNumber(language, c.denominator)}`,
          },
        ]
      : []),
    { title: t('reportsCount'), dataIndex: 'valueCount', align: 'right' },
  ];
  const reportColumns: TableColumnsType<ExplainedReport> = [
    {
      title: t('orgUnit'),
      key: 'unit',
      render: (_, r) => (
        <span lang="vi">
          {r.orgUnitName} <Typography.Text type="secondary">{r.orgUnitCode}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('period'),
      dataIndex: 'period',
      render: (p: string) => periodLabel(language, p),
      sorter: (a, b) => a.period.localeCompare(b.period),
    },
    {
      title: t('value'),
      key: 'value',
      align: 'right',
      render: (_, r) =>
        ratio && r.value === null
          ? `${formatNumber(language, r.numerator)} / ${formatNumber(language, r.denominator)}`
          : formatFigure(language, r.value, unit),
    },
    {
      title: t('agency'),
      dataIndex: 'agencyCode',
      render: (code: string) => (
        <span title={agencyName(code)}>
          <Tag>{code}</Tag>
          <Typography.Text type="secondary" className="dash-agency-name" lang="vi">
            {agencyName(code)}
          </Typography.Text>
        </span>
      ),
      filters: agencyCodes.map((code) => ({ text: code, value: code })),
      onFilter: (value, r) => r.agencyCode === value,
    },
    {
      title: t('eventId'),
      dataIndex: 'eventId',
      render: (id: string, r) => (
        <span>
          <Typography.Text code copyable={{ text: id }} className="dash-event-id">
            {id}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary">{r.channel}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('reportedAt'),
      dataIndex: 'reportedAt',
      render: (v: string) => formatDateTime(language, v),
      sorter: (a, b) => a.reportedAt.localeCompare(b.reportedAt),
    },
    {
      title: t('receivedAt'),
      dataIndex: 'receivedAt',
      render: (v: string) => formatDateTime(language, v),
      sorter: (a, b) => a.receivedAt.localeCompare(b.receivedAt),
    },
    {
      title: t('counted'),
      dataIndex: 'counted',
      render: (counted: boolean) =>
        counted ? <Tag color="success">{t('countedYes')}</Tag> : <Tag>{t('countedNo')}</Tag>,
      filters: [
        { text: t('countedYes'), value: true },
        { text: t('countedNo'), value: false },
      ],
      onFilter: (value, r) => r.counted === value,
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        {definition ? (
          <LocalName nameVi={definition.nameVi} nameEn={definition.nameEn} code={indicator} strong />
        ) : (
          <Typography.Text strong>{indicator}</Typography.Text>
        )}
      </div>
      <Descriptions
        size="small"
        bordered
        column={1}
        styles={LABEL}
        items={[
          {
            key: 'unit',
            label: t('orgUnit'),
            children: (
              <span lang="vi">
                {explanation.orgUnit.nameVi} ({explanation.orgUnit.code})
              </span>
            ),
          },
          { key: 'period', label: t('period'), children: periodLabel(language, explanation.period) },
          {
            key: 'value',
            label: t('value'),
            children: (
              <Typography.Text strong data-testid="explain-value" data-value={explanation.aggregate.value ?? ''}>
                {formatFigure(language, explanation.aggregate.value, unit)} {unitText(unit)}
              </Typography.Text>
            ),
          },
          ...(ratio
            ? [
                {
                  key: 'ratio',
                  label: t('numeratorDenominator'),
                  children: t('ratioFormula', {
                    numerator: formatNumber(language, explanation.aggregate.numerator),
                    denominator: formatNumber(language, explanation.aggregate.denominator),
                    factor: formatNumber(language, explanation.rules.factor ?? 1),
                  }),
                },
              ]
            : []),
          {
            key: 'rules',
            label: t('rules'),
            children: (
              <span>
                {t('ruleUnits')}: {ruleText(explanation.rules.orgUnit)}
                <br />
                {t('ruleTime')}: {ruleText(explanation.rules.time)}
                <br />
                {t('reportedEvery')}: {periodTypeLabel(language, explanation.rules.reportedPeriodType)}
              </span>
            ),
          },
          {
            key: 'coverage',
            label: t('builtFrom'),
            children: t('reportsOfUnits', {
              reports: formatNumber(language, explanation.aggregate.valueCount),
              units: formatNumber(language, explanation.aggregate.unitCount),
            }),
          },
          {
            key: 'version',
            label: t('version'),
            children: `${explanation.aggregate.version} · ${formatDateTime(language, explanation.aggregate.updatedAt)}`,
          },
          ...(definition?.responsibleAgency
            ? [
                {
                  key: 'agency',
                  label: t('responsibleAgency'),
                  children: (
                    <span lang="vi">
                      {agencyName(definition.responsibleAgency)} ({definition.responsibleAgency})
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      {explanation.own && (
        <Descriptions
          size="small"
          bordered
          column={1}
          styles={LABEL}
          title={t('ownFigure')}
          items={[
            {
              key: 'own',
              label: <span lang="vi">{explanation.own.orgUnitName}</span>,
              children: `${figure(explanation.own.value, explanation.own.numerator, explanation.own.denominator)} · ${t(
                'reportsN',
                { n: explanation.own.valueCount },
              )}`,
            },
          ]}
        />
      )}
      <Input.Search
        allowClear
        placeholder={t('searchReports')}
        aria-label={t('searchReports')}
        onChange={(e) => setUnitFilter(e.target.value)}
        style={{ maxWidth: 320 }}
      />
      {explanation.children.length > 0 && (
        <section aria-label={t('childFigures')}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('childFigures')} ({explanation.children.length})
          </Typography.Title>
          <Table<Contribution>
            size="small"
            rowKey="orgUnitCode"
            columns={childColumns}
            dataSource={
              unitFilter
                ? explanation.children.filter((c) =>
                    `${c.orgUnitName} ${c.orgUnitCode}`.toLowerCase().includes(unitFilter.toLowerCase()),
                  )
                : explanation.children
            }
            pagination={PAGE}
            scroll={{ x: 'max-content' }}
            data-testid="explain-children"
          />
        </section>
      )}
      <section aria-label={t('agencyReports')}>
        <Flex justify="space-between" align="center" wrap gap="small">
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('agencyReports')} ({formatNumber(language, reports.length)}
            {cursor ? '+' : ''})
          </Typography.Title>
        </Flex>
        <Table<ExplainedReport>
          size="small"
          rowKey={(r) => `${r.eventId}|${r.orgUnitCode}|${r.period}`}
          columns={reportColumns}
          dataSource={shownReports}
          pagination={PAGE}
          scroll={{ x: 'max-content' }}
          data-testid="explain-reports"
          style={{ marginTop: 8 }}
        />
        {moreError !== undefined && <ErrorNotice error={moreError} />}
        {cursor && (
          <Button onClick={loadMore} loading={more.loading}>
            {t('moreReports')}
          </Button>
        )}
      </section>
    </Space>
  );
}

function ScoreExplanation({ target, push }: { target: Extract<ExplainTarget, { kind: 'score' }>; push: Push }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const name = useLocalName();
  const { orgUnit, period, part } = target;
  const loaded = useLoad<Scorecard>(
    () => (target.card ? Promise.resolve(target.card) : fetchScorecard(orgUnit, period)),
    [orgUnit, period],
  );
  if (loaded.error) return <ErrorNotice error={loaded.error} />;
  const card = loaded.data;
  if (!card) return <Skeleton active />;
  const points = (p: ScoredPart) => (p.score === null ? null : p.score * p.maxPoints);
  const indexes = card.indexes;
  const pillar = part.kind === 'pillar' ? card.pillars.find((p) => p.code === part.code) : undefined;
  const index = part.kind === 'index' ? indexes.find((i) => i.code === part.code) : undefined;
  const shown: ScoredPart | undefined =
    part.kind === 'overall'
      ? {
          code: 'DTI',
          nameVi: t('overallScore'),
          nameEn: t('overallScore'),
          score: card.overall.score,
          maxPoints: card.overall.maxPoints,
          scored: card.pillars.length,
          indicators: card.pillars.length,
        }
      : (pillar ?? index);
  const partColumns: TableColumnsType<ScoredPart> = [
    {
      title: t('mainIndex'),
      key: 'name',
      render: (_, p) => <LocalName nameVi={p.nameVi} nameEn={p.nameEn} code={p.code} />,
    },
    {
      title: t('score'),
      key: 'score',
      align: 'right',
      render: (_, p) =>
        p.score === null ? (
          '—'
        ) : (
          <FigureButton
            label={name(p)}
            testId="explain-part"
            data={{ code: p.code }}
            onClick={() => push({ kind: 'score', orgUnit, period, part: { kind: 'index', code: p.code }, card })}
          >
            {formatScore(language, p.score)}
          </FigureButton>
        ),
    },
    { title: t('maxPoints'), dataIndex: 'maxPoints', align: 'right' },
    {
      title: t('pointsEarned'),
      key: 'points',
      align: 'right',
      render: (_, p) => formatNumber(language, points(p), 2),
    },
    {
      title: t('scoredIndicators'),
      key: 'scored',
      align: 'right',
      render: (_, p) => `${p.scored}/${p.indicators}`,
    },
  ];
  const lineColumns: TableColumnsType<IndicatorLine> = [
    {
      title: t('indicator'),
      key: 'name',
      render: (_, l) => <LocalName nameVi={l.nameVi} nameEn={l.nameEn} code={l.code} />,
    },
    {
      title: t('value'),
      key: 'value',
      align: 'right',
      render: (_, l) =>
        l.value === null ? (
          '—'
        ) : (
          <FigureButton
            label={name(l)}
            testId="explain-line"
            data={{ code: l.code }}
            onClick={() => push({ kind: 'indicator', indicator: l.code, orgUnit, period })}
          >
            {formatFigure(language, l.value, l.unit)}
          </FigureButton>
        ),
    },
    {
      title: t('target'),
      key: 'target',
      align: 'right',
      render: (_, l) =>
        l.target === null
          ? '—'
          : `${comparatorText(l.comparator, l.direction)} ${formatFigure(language, l.target, l.unit)}`,
    },
    {
      title: t('achievementCounted'),
      key: 'achievement',
      align: 'right',
      render: (_, l) =>
        l.achievement === null
          ? '—'
          : `${formatNumber(language, Math.min(l.achievement, 100), 2)} %${
              l.achievement > 100 ? ` (${formatNumber(language, l.achievement, 2)} %)` : ''
            }`,
    },
    { title: t('status'), key: 'status', render: (_, l) => <StatusTag status={l.status} /> },
  ];
  const partIndexes =
    part.kind === 'overall' ? indexes : pillar ? indexes.filter((i) => pillar.indexes.includes(i.code)) : [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Text strong>
          {shown ? name(shown) : part.code} · <span lang="vi">{card.orgUnit.nameVi}</span> ·{' '}
          {periodLabel(language, card.period)}
        </Typography.Text>
      </div>
      <Descriptions
        size="small"
        bordered
        column={1}
        styles={LABEL}
        items={[
          {
            key: 'score',
            label: t('score'),
            children: (
              <Typography.Text strong data-testid="explain-score" data-value={shown?.score ?? ''}>
                {formatScore(language, shown?.score)}
                {part.kind === 'overall' && card.overall.points !== null
                  ? ` · ${t('pointsOf', {
                      points: formatNumber(language, card.overall.points, 1),
                      max: formatNumber(language, card.overall.maxPoints),
                    })}`
                  : shown && shown.score !== null
                    ? ` · ${t('pointsOf', {
                        points: formatNumber(language, points(shown), 2),
                        max: formatNumber(language, shown.maxPoints),
                      })}`
                    : ''}
              </Typography.Text>
            ),
          },
          {
            key: 'how',
            label: t('howComputed'),
            children:
              part.kind === 'index'
                ? t('formulaIndex')
                : part.kind === 'pillar'
                  ? t('formulaPillar')
                  : t('formulaOverall'),
          },
          ...(part.kind === 'overall'
            ? [
                {
                  key: 'coverage',
                  label: t('coverage'),
                  children: t('coverageText', { share: formatNumber(language, card.overall.coverage * 100, 2) }),
                },
              ]
            : []),
          {
            key: 'framework',
            label: t('framework'),
            children: `${card.framework.code} · ${card.framework.decision}`,
          },
        ]}
      />
      {card.framework.pointsInferred && <Alert type="info" showIcon title={t('pointsInferred')} />}
      {card.overall.score === null && <Alert type="info" showIcon title={t('noScores')} />}
      {partIndexes.length > 0 && (
        <Table<ScoredPart>
          size="small"
          rowKey="code"
          columns={partColumns}
          dataSource={partIndexes}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      )}
      {index && (
        <Table<IndicatorLine>
          size="small"
          rowKey="code"
          columns={lineColumns}
          dataSource={index.lines}
          pagination={PAGE}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Space>
  );
}

const percentOf = (value: string | null) => (value === null ? null : Number(value));

function AgencyExplanation({ target, push }: { target: Extract<ExplainTarget, { kind: 'agency' }>; push: Push }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const name = useLocalName();
  const { agency, period } = target;
  const loaded = useLoad(
    () =>
      Promise.all([
        fetchCompleteness(PROVINCE, period, agency),
        fetchObligations(agency),
        loadAgencies(periodEndOrToday(period)).catch(() => []),
        orgUnitsAt(periodEndOrToday(period)).catch(() => []),
        catalogue().catch(() => []),
      ]),
    [agency, period],
  );
  if (loaded.error) return <ErrorNotice error={loaded.error} />;
  if (!loaded.data) return <Skeleton active />;
  const [completeness, obligations, agencies, units, definitions] = loaded.data;
  const info = agencies.find((a) => a.code === agency);
  const unitName = (code: string) => units.find((u) => u.code === code)?.nameVi ?? code;
  const pct = (value: string | null) => (value === null ? '—' : `${formatNumber(language, percentOf(value), 2)} %`);
  const counts = (row: ReportCounts) => ({
    expected: formatNumber(language, row.expectedReports),
    received: formatNumber(language, row.receivedReports),
    onTime: formatNumber(language, row.onTimeReports),
  });
  type PeriodRow = ReportCounts & { period: string; dueDate: string };
  type UnitRow = ReportCounts & { orgUnitCode: string };
  const countColumns = <T extends ReportCounts>(): TableColumnsType<T> => [
    { title: t('expected'), key: 'e', align: 'right', render: (_, r) => counts(r).expected },
    { title: t('received'), key: 'r', align: 'right', render: (_, r) => counts(r).received },
    { title: t('onTime'), key: 'o', align: 'right', render: (_, r) => counts(r).onTime },
    {
      title: t('completeness'),
      key: 'c',
      align: 'right',
      render: (_, r) => pct(r.completeness),
      sorter: (a, b) => (percentOf(a.completeness) ?? -1) - (percentOf(b.completeness) ?? -1),
    },
    { title: t('timeliness'), key: 't', align: 'right', render: (_, r) => pct(r.timeliness) },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        {info ? (
          <LocalName nameVi={info.nameVi} nameEn={info.nameEn} code={agency} strong />
        ) : (
          <Typography.Text strong>{agency}</Typography.Text>
        )}
        <div>
          <Typography.Text type="secondary">
            <span lang="vi">{completeness.orgUnit.nameVi}</span> · {periodLabel(language, period)}
          </Typography.Text>
        </div>
      </div>
      <Descriptions
        size="small"
        bordered
        column={1}
        styles={LABEL}
        items={[
          { key: 'e', label: t('expected'), children: counts(completeness).expected },
          { key: 'r', label: t('received'), children: counts(completeness).received },
          { key: 'o', label: t('onTime'), children: counts(completeness).onTime },
          {
            key: 'c',
            label: t('completeness'),
            children: <span data-testid="explain-completeness">{pct(completeness.completeness)}</span>,
          },
          { key: 't', label: t('timeliness'), children: pct(completeness.timeliness) },
          { key: 'how', label: t('howComputed'), children: t('formulaDiscipline') },
        ]}
      />
      {(completeness.byPeriod ?? []).length > 0 && (
        <section aria-label={t('byDueDate')}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('byDueDate')}
          </Typography.Title>
          <Table<PeriodRow>
            size="small"
            rowKey="period"
            dataSource={completeness.byPeriod}
            pagination={PAGE}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('period'),
                dataIndex: 'period',
                render: (p: string) => periodLabel(language, p),
                sorter: (a, b) => a.dueDate.localeCompare(b.dueDate),
              },
              {
                title: t('dueDate'),
                dataIndex: 'dueDate',
                render: (d: string) => formatDate(language, d),
                sorter: (a, b) => a.dueDate.localeCompare(b.dueDate),
                defaultSortOrder: 'ascend',
              },
              ...countColumns<PeriodRow>(),
            ]}
          />
        </section>
      )}
      {completeness.children.length > 0 && (
        <section aria-label={t('byUnit')}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('byUnit')}
          </Typography.Title>
          <Table<UnitRow>
            size="small"
            rowKey="orgUnitCode"
            dataSource={[{ ...completeness.own, orgUnitCode: completeness.orgUnit.code }, ...completeness.children]}
            pagination={PAGE}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('orgUnit'),
                dataIndex: 'orgUnitCode',
                render: (code: string) => (
                  <span lang="vi">
                    {code === completeness.orgUnit.code ? `${unitName(code)} (${t('ownReports')})` : unitName(code)}
                  </span>
                ),
              },
              ...countColumns<UnitRow>(),
            ]}
          />
        </section>
      )}
      <section aria-label={t('obligations')}>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('obligations')} ({obligations.length})
        </Typography.Title>
        <Table
          size="small"
          rowKey="code"
          dataSource={obligations}
          pagination={PAGE}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('obligation'),
              key: 'name',
              render: (_, o) => <LocalName nameVi={o.nameVi} nameEn={o.nameEn} code={o.code} />,
            },
            {
              title: t('reportedEvery'),
              dataIndex: 'periodType',
              render: (type: string) => periodTypeLabel(language, type),
            },
            {
              title: t('dueRule'),
              key: 'due',
              render: (_, o) => t('dueRuleText', { days: o.dueWorkingDays }),
            },
            {
              title: t('indicators'),
              key: 'indicators',
              render: (_, o) => (
                <Space wrap size={4}>
                  {o.indicatorCodes.map((code) => {
                    const definition = definitions.find((d) => d.code === code);
                    return (
                      <FigureButton
                        key={code}
                        label={definition ? name(definition) : code}
                        onClick={() => push({ kind: 'indicator', indicator: code, orgUnit: PROVINCE, period })}
                      >
                        {code}
                      </FigureButton>
                    );
                  })}
                </Space>
              ),
            },
          ]}
        />
      </section>
    </Space>
  );
}
