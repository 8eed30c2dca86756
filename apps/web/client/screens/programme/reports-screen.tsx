import { DownloadOutlined, FileAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Grid, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useMemo, useState } from 'react';
import { download, get, post } from '../../api/client';
import { formatDate, formatDateTime, vietnamToday } from '../../common/format';
import { periodEnd, periodLabel, periodOptionsByYear, periodText, periodsOfYear } from '../../common/periods';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { pageOf, rowAttributes, tablePager } from '../../common/table';
import { TAG } from '../../common/tag-colours';
import { matches } from '../../common/text-match';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage, useText } from '../../i18n/language';
import { fetchPeriods, fetchReports, type OrgUnit, PAGE_SIZE, type ReportSummary } from './programme-data';
import { ActionError, SearchFilter } from './programme-ui';

const KINDS = ['YEARLY', 'HALF_YEARLY', 'QUARTERLY', 'MONTHLY'] as const;
const FORMATS = ['pdf', 'xlsx', 'csv'] as const;
type Format = (typeof FORMATS)[number];

const TEXT: Dictionary<
  | 'title'
  | (typeof KINDS)[number]
  | 'kind'
  | 'allKinds'
  | 'trigger'
  | 'allTriggers'
  | 'scheduled'
  | 'on-demand'
  | 'search'
  | 'period'
  | 'unit'
  | 'window'
  | 'generatedAt'
  | 'files'
  | 'count'
  | 'none'
  | 'generate'
  | 'generateHelp'
  | 'choosePeriod'
  | 'province'
  | 'generateButton'
  | 'confirm'
  | 'confirmYes'
  | 'cancel'
  | 'generated'
  | 'downloaded'
  | 'downloadOf'
  | 'notGenerated'
  | 'notDownloaded'
  | 'filesOfNew'
  | 'new'
> = {
  vi: {
    title: 'Báo cáo định kỳ',
    YEARLY: 'Báo cáo năm',
    HALF_YEARLY: 'Báo cáo 6 tháng',
    QUARTERLY: 'Báo cáo quý',
    MONTHLY: 'Báo cáo tháng',
    kind: 'Loại báo cáo',
    allKinds: 'Mọi loại báo cáo',
    trigger: 'Cách tạo',
    allTriggers: 'Theo lịch và theo yêu cầu',
    scheduled: 'Theo lịch',
    'on-demand': 'Theo yêu cầu',
    search: 'Tìm theo kỳ (ví dụ 2025, 2025S1)',
    period: 'Kỳ',
    unit: 'Đơn vị',
    window: 'Khoảng số liệu',
    generatedAt: 'Thời điểm tạo',
    files: 'Tải xuống',
    count: '{n} báo cáo',
    none: 'Không có báo cáo nào khớp bộ lọc.',
    generate: 'Tạo báo cáo kỳ',
    generateHelp:
      'Chụp lại bảng điểm của đơn vị cho kỳ tại thời điểm này (không đổi về sau) và thông báo cho người nhận báo cáo.',
    choosePeriod: 'Chọn kỳ',
    province: 'Toàn tỉnh',
    generateButton: 'Tạo báo cáo',
    confirm: 'Tạo báo cáo {p} cho {u}? Người nhận sẽ được thông báo.',
    confirmYes: 'Tạo',
    cancel: 'Hủy',
    generated: 'Đã tạo báo cáo {p} cho {u} lúc {d}.',
    downloaded: 'Đã tải xuống tệp {f}.',
    downloadOf: 'Tải {f} của báo cáo {p}',
    notGenerated: 'Chưa tạo được báo cáo',
    notDownloaded: 'Chưa tải được tệp',
    filesOfNew: 'Tệp của báo cáo vừa tạo:',
    new: 'Vừa tạo',
  },
  en: {
    title: 'Period reports',
    YEARLY: 'Annual report',
    HALF_YEARLY: 'Half-year report',
    QUARTERLY: 'Quarterly report',
    MONTHLY: 'Monthly report',
    kind: 'Report kind',
    allKinds: 'Every kind of report',
    trigger: 'Made',
    allTriggers: 'Scheduled and on demand',
    scheduled: 'Scheduled',
    'on-demand': 'On demand',
    search: 'Search by period (e.g. 2025, 2025S1)',
    period: 'Period',
    unit: 'Unit',
    window: 'Data window',
    generatedAt: 'Made at',
    files: 'Download',
    count: '{n} reports',
    none: 'No report matches the filters.',
    generate: 'Generate a period report',
    generateHelp:
      'Freezes the unit’s scorecard for the period as it stands now (it never changes afterwards) and notifies the report’s recipients.',
    choosePeriod: 'Choose a period',
    province: 'Whole province',
    generateButton: 'Generate',
    confirm: 'Generate the {p} report for {u}? Its recipients will be notified.',
    confirmYes: 'Generate',
    cancel: 'Cancel',
    generated: 'The report for {p}, {u}, was made at {d}.',
    downloaded: 'Downloaded {f}.',
    downloadOf: 'Download the {f} of report {p}',
    notGenerated: 'The report was not generated',
    notDownloaded: 'The file was not downloaded',
    filesOfNew: 'Files of the new report:',
    new: 'New',
  },
};

interface Snapshot {
  reportId: string;
  kind: string;
  period: string;
  orgUnit: { code: string; nameVi: string };
  generatedAt: string;
}

const levelOf = (code: string) => (code.length <= 2 ? 1 : code.length === 3 ? 2 : 3);

export function ReportsScreen() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const { message } = App.useApp();
  const narrow = !(Grid.useBreakpoint().sm ?? true);
  const [filters, setFilters] = useSearchState({ kind: '', trigger: '', q: '', page: '1' });
  const list = useLoad(
    () => Promise.all([fetchReports(), fetchPeriods()]).then(([reports, periods]) => ({ reports, periods })),
    [],
  );
  const [result, setResult] = useState<{ ok: boolean; content: ReactNode } | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const [fresh, setFresh] = useState<Snapshot | undefined>();

  const rows = useMemo(
    () =>
      (list.data?.reports ?? []).filter(
        (r) =>
          (!filters.kind || r.kind === filters.kind) &&
          (!filters.trigger || r.trigger === filters.trigger) &&
          matches(filters.q, r.period, periodLabel('vi', r.period), periodLabel('en', r.period)),
      ),
    [list.data, filters],
  );
  const page = pageOf(filters.page);
  const visible = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  // The units' names as they were at each report's period end (a province merged in 2025 keeps its code).
  const wanted = [
    ...new Set(visible.map((r) => `${periodEnd(r.period) ?? r.windowEnd}|${levelOf(r.orgUnitCode)}`)),
  ].sort();
  const names = useLoad(
    () =>
      Promise.all(
        wanted.map((w) => {
          const [at, level] = w.split('|');
          return get<{ data: OrgUnit[] }>('indicators', '/v1/org-units', { at, level }).then(
            (r) => [w, new Map(r.data.map((u) => [u.code, u.nameVi]))] as const,
          );
        }),
      ).then((pairs) => new Map(pairs)),
    wanted,
  );
  const unitName = (r: ReportSummary) =>
    names.data?.get(`${periodEnd(r.period) ?? r.windowEnd}|${levelOf(r.orgUnitCode)}`)?.get(r.orgUnitCode);

  const fetchFile = async (r: { reportId: string; period: string }, format: Format) => {
    const key = `${r.reportId}:${format}`;
    setBusy(key);
    try {
      const name = await download(
        'reporting',
        `/v1/reports/${r.reportId}/${format}`,
        undefined,
        `dxhub-${r.period}.${format}`,
      );
      void message.success(t('downloaded', { f: name }));
    } catch (error) {
      setResult({ ok: false, content: <ActionError error={error} title={t('notDownloaded')} /> });
    } finally {
      setBusy(undefined);
    }
  };
  const fileButtons = (r: { reportId: string; period: string }) => (
    <Space size={4} wrap>
      {FORMATS.map((f) => (
        <Button
          key={f}
          size="small"
          icon={<DownloadOutlined />}
          loading={busy === `${r.reportId}:${f}`}
          onClick={() => void fetchFile(r, f)}
          aria-label={t('downloadOf', { f: f.toUpperCase(), p: r.period })}
          data-testid={`download-${f}`}
          data-report={r.reportId}
        >
          {f.toUpperCase()}
        </Button>
      ))}
    </Space>
  );

  const columns: ColumnsType<ReportSummary> = [
    {
      key: 'period',
      title: t('period'),
      render: (_, r) => (
        <span>
          {periodLabel(language, r.period)}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({r.period})
          </Typography.Text>
          <br />
          <Tag>{(KINDS as readonly string[]).includes(r.kind) ? t(r.kind as (typeof KINDS)[number]) : r.kind}</Tag>
          {fresh?.reportId === r.reportId && <Tag color={TAG.green}>{t('new')}</Tag>}
          {narrow && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} lang="vi">
              {unitName(r) ?? ''} ({r.orgUnitCode})
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      key: 'unit',
      title: t('unit'),
      responsive: ['sm'],
      render: (_, r) => (
        <span>
          <span lang="vi">{unitName(r) ?? ''}</span>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({r.orgUnitCode})
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'window',
      title: t('window'),
      responsive: ['lg'],
      render: (_, r) => `${formatDate(language, r.windowStart)} – ${formatDate(language, r.windowEnd)}`,
    },
    {
      key: 'trigger',
      title: t('trigger'),
      responsive: ['md'],
      render: (_, r) => (
        <Tag color={r.trigger === 'scheduled' ? TAG.blue : TAG.purple}>
          {r.trigger === 'scheduled' || r.trigger === 'on-demand' ? t(r.trigger) : r.trigger}
        </Tag>
      ),
    },
    {
      key: 'generatedAt',
      title: t('generatedAt'),
      responsive: ['md'],
      render: (_, r) => formatDateTime(language, r.generatedAt),
    },
    { key: 'files', title: t('files'), render: (_, r) => fileButtons(r) },
  ];

  return (
    <ScreenFrame name="programme-reports" title={t('title')} loaded={!list.loading && !names.loading}>
      {list.error !== undefined && <ActionError error={list.error} />}
      {result && (
        <Alert
          type={result.ok ? 'success' : 'error'}
          showIcon={result.ok}
          role={result.ok ? 'status' : undefined}
          title={result.ok ? result.content : undefined}
          description={result.ok ? undefined : result.content}
          closable={{ onClose: () => setResult(undefined) }}
          style={{ marginBottom: 12 }}
          data-testid="action-result"
          data-ok={result.ok}
        />
      )}
      <GenerateCard
        periods={list.data?.periods ?? []}
        onGenerated={(snapshot) => {
          const text = t('generated', {
            p: periodText(language, snapshot.period),
            u: `${snapshot.orgUnit.nameVi} (${snapshot.orgUnit.code})`,
            d: formatDateTime(language, snapshot.generatedAt),
          });
          setFresh(snapshot);
          setResult({
            ok: true,
            content: (
              <Flex vertical gap={4}>
                <span>{text}</span>
                <Flex wrap gap={8} align="center">
                  <span>{t('filesOfNew')}</span>
                  {fileButtons(snapshot)}
                </Flex>
              </Flex>
            ),
          });
          setFilters({ page: '1' });
          list.reload();
        }}
        onRefused={(error) =>
          setResult({ ok: false, content: <ActionError error={error} title={t('notGenerated')} /> })
        }
      />
      <Flex wrap gap="small" style={{ margin: '12px 0' }} data-testid="reports-filters">
        <Select
          allowClear
          aria-label={t('kind')}
          placeholder={t('allKinds')}
          value={filters.kind || undefined}
          onChange={(kind?: string) => setFilters({ kind: kind ?? '', page: '1' })}
          style={{ width: 200, maxWidth: '100%' }}
          data-testid="filter-kind"
          options={KINDS.map((k) => ({ value: k, label: t(k) }))}
        />
        <Select
          allowClear
          aria-label={t('trigger')}
          placeholder={t('allTriggers')}
          value={filters.trigger || undefined}
          onChange={(trigger?: string) => setFilters({ trigger: trigger ?? '', page: '1' })}
          style={{ width: 220, maxWidth: '100%' }}
          data-testid="filter-trigger"
          options={[
            { value: 'scheduled', label: t('scheduled') },
            { value: 'on-demand', label: t('on-demand') },
          ]}
        />
        <SearchFilter label={t('search')} value={filters.q} onSearch={(q) => setFilters({ q, page: '1' })} />
      </Flex>
      <Table<ReportSummary>
        data-testid="reports-table"
        rowKey="reportId"
        size="small"
        columns={columns}
        dataSource={rows}
        onRow={(r) =>
          rowAttributes({
            'data-testid': 'report-row',
            'data-report': r.reportId,
            'data-period': r.period,
            'data-new': fresh?.reportId === r.reportId ? 'true' : undefined,
          })
        }
        locale={{ emptyText: list.loading ? ' ' : t('none') }}
        pagination={tablePager({
          page,
          pageSize: PAGE_SIZE,
          total: rows.length,
          totalText: (n) => t('count', { n }),
          onChange: (p) => setFilters({ page: String(p) }),
        })}
      />
    </ScreenFrame>
  );
}

/** Picks a period (and a unit of that period's map) and generates its report, after a confirmation. */
function GenerateCard({
  periods,
  onGenerated,
  onRefused,
}: {
  periods: string[];
  onGenerated: (snapshot: Snapshot) => void;
  onRefused: (error: unknown) => void;
}) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const [period, setPeriod] = useState<string | undefined>();
  const [orgUnit, setOrgUnit] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const today = vietnamToday();
  // Periods with figures, and this year's periods that have ended.
  const choices = useMemo(() => {
    const year = Number(today.slice(0, 4));
    const ended = periodsOfYear(year).filter((p) => (periodEnd(p) ?? '9999') < today);
    return [...new Set([...periods, ...ended])];
  }, [periods, today]);
  const units = useLoad(
    async () =>
      period
        ? (await get<{ data: OrgUnit[] }>('indicators', '/v1/org-units', { at: periodEnd(period) })).data.filter(
            (u) => u.level <= 2,
          )
        : [],
    [period],
  );
  const province = units.data?.find((u) => u.level === 1);
  const unit = units.data?.find((u) => u.code === orgUnit) ?? province;
  const send = async () => {
    if (!period) return;
    setSending(true);
    try {
      onGenerated(await post<Snapshot>('reporting', '/v1/reports', { period, orgUnit: unit?.code }));
    } catch (error) {
      onRefused(error);
    } finally {
      setSending(false);
    }
  };
  return (
    <Card size="small" title={t('generate')} data-testid="generate-report">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('generateHelp')}
      </Typography.Paragraph>
      <Flex wrap gap="small" align="center">
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('period')}
          placeholder={t('choosePeriod')}
          value={period}
          onChange={(p: string) => {
            setPeriod(p);
            setOrgUnit(undefined);
          }}
          style={{ width: 240, maxWidth: '100%' }}
          data-testid="generate-period"
          options={periodOptionsByYear(language, choices)}
        />
        <Select
          aria-label={t('unit')}
          value={unit?.code}
          placeholder={t('province')}
          loading={units.loading && !!period}
          onChange={(code: string) => setOrgUnit(code)}
          style={{ width: 260, maxWidth: '100%' }}
          data-testid="generate-unit"
          options={(units.data ?? []).map((u) => ({
            value: u.code,
            label: `${u.level === 1 ? `${t('province')}: ` : ''}${u.nameVi} (${u.code})`,
          }))}
        />
        <Popconfirm
          title={t('confirm', {
            p: period ? periodText(language, period) : '',
            u: unit ? `${unit.nameVi} (${unit.code})` : t('province'),
          })}
          okText={t('confirmYes')}
          cancelText={t('cancel')}
          onConfirm={() => void send()}
          disabled={!period}
          okButtonProps={{ 'data-testid': 'generate-confirm' } as ButtonProps}
        >
          <Button
            type="primary"
            icon={<FileAddOutlined />}
            disabled={!period || units.loading}
            loading={sending}
            data-testid="generate-button"
          >
            {t('generateButton')}
          </Button>
        </Popconfirm>
      </Flex>
      {units.error !== undefined && <ActionError error={units.error} />}
    </Card>
  );
}
