import { Card, Empty, Flex, Grid, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { get } from '../../api/client';
import { type Agency, agencyIndex, loadAgencies } from '../../common/agencies';
import { Chart } from '../../common/chart';
import { formatDate, formatNumber } from '../../common/format';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { pageOf, rowAttributes, tablePager } from '../../common/table';
import { matches } from '../../common/text-match';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage, useLocalName, useText } from '../../i18n/language';
import {
  DONE_STATES,
  fetchProgramme,
  fetchTaskGraph,
  flatten,
  isTaskNode,
  OPEN_STATES,
  PAGE_SIZE,
  type ProgrammeNode,
  type TaskGraph,
  withoutChildren,
} from './programme-data';
import { ActionError, AgencyName, ProgressBar, SHARED_TEXT, StateTag, SearchFilter } from './programme-ui';

const TEXT: Dictionary<
  | 'title'
  | 'asOf'
  | 'overdue'
  | 'overdueHelp'
  | 'search'
  | 'agency'
  | 'allAgencies'
  | 'code'
  | 'name'
  | 'lead'
  | 'due'
  | 'late'
  | 'lateDays'
  | 'waitsFor'
  | 'blocks'
  | 'nothing'
  | 'noneOverdue'
  | 'count'
  | 'byAgency'
  | 'byAgencyLabel'
  | 'tasksLate'
  | 'blocking'
  | 'blockingHelp'
  | 'noBlocking'
  | 'blocker'
  | 'blockerAgency'
  | 'blocked'
  | 'blockedAgency'
  | 'waits'
  | 'chartLabel'
  | 'chartRoot'
  | 'critical'
  | 'criticalHelp'
  | 'goal'
  | 'path'
  | 'remaining'
  | 'finish'
  | 'slack'
  | 'willBeLate'
  | 'onTrack'
  | 'rows'
  | 'dependsOn'
> = {
  vi: {
    title: 'Quá hạn và vướng mắc',
    asOf: 'Tính đến ngày {d}',
    overdue: 'Nhiệm vụ quá hạn',
    overdueHelp:
      'Nhiệm vụ đang mở (đã giao, đang thực hiện, chờ phê duyệt) đã qua hạn ít nhất một ngày làm việc; số ngày trễ tính theo ngày làm việc (trừ thứ Bảy, Chủ nhật và ngày nghỉ lễ).',
    search: 'Tìm theo mã hoặc nội dung',
    agency: 'Cơ quan',
    allAgencies: 'Mọi cơ quan',
    code: 'Mã',
    name: 'Nội dung',
    lead: 'Chủ trì',
    due: 'Hạn',
    late: 'Trễ',
    lateDays: '{n} ngày làm việc',
    waitsFor: 'Đang chờ',
    blocks: 'Đang chặn',
    nothing: '—',
    noneOverdue: 'Không có nhiệm vụ nào quá hạn khớp bộ lọc.',
    count: '{n} nhiệm vụ quá hạn',
    byAgency: 'Số nhiệm vụ quá hạn theo cơ quan chủ trì',
    byAgencyLabel: 'Biểu đồ cột: số nhiệm vụ quá hạn của từng cơ quan chủ trì',
    tasksLate: 'Nhiệm vụ quá hạn',
    blocking: 'Ai đang chặn ai',
    blockingHelp:
      'Nhiệm vụ A chờ nhiệm vụ B khi B phải hoàn thành (hoặc bị hủy) trước khi A được bắt đầu. Chỉ tính các cặp mà cả hai nhiệm vụ còn mở.',
    noBlocking: 'Hiện không có nhiệm vụ nào đang chờ một nhiệm vụ khác chưa xong.',
    blocker: 'Nhiệm vụ đang chặn',
    blockerAgency: 'Cơ quan của nhiệm vụ chặn',
    blocked: 'Nhiệm vụ phải chờ',
    blockedAgency: 'Cơ quan phải chờ',
    waits: '{a} chờ {b} của {x}',
    chartLabel: 'Sơ đồ cây: cơ quan đang chặn → nhiệm vụ của họ → nhiệm vụ phải chờ',
    chartRoot: 'Vướng mắc',
    critical: 'Đường găng theo mục tiêu',
    criticalHelp:
      'Chuỗi nhiệm vụ phụ thuộc dài nhất của mỗi mục tiêu, theo số ngày làm việc còn lại ước tính; độ dự phòng âm nghĩa là sẽ trễ hạn.',
    goal: 'Mục tiêu',
    path: 'Chuỗi nhiệm vụ',
    remaining: 'Còn lại',
    finish: 'Dự kiến xong',
    slack: 'Dự phòng',
    willBeLate: 'sẽ trễ {n} ngày làm việc',
    onTrack: 'còn {n} ngày làm việc',
    rows: '{n} cặp',
    dependsOn: 'chờ',
  },
  en: {
    title: 'Overdue and blocked',
    asOf: 'As of {d}',
    overdue: 'Overdue tasks',
    overdueHelp:
      'Open tasks (assigned, in progress, awaiting approval) at least one working day past their deadline; days late are working days (weekends and public holidays excluded).',
    search: 'Search by code or title',
    agency: 'Agency',
    allAgencies: 'Every agency',
    code: 'Code',
    name: 'Title',
    lead: 'Lead',
    due: 'Due',
    late: 'Late',
    lateDays: '{n} working days',
    waitsFor: 'Waiting for',
    blocks: 'Blocking',
    nothing: '—',
    noneOverdue: 'No overdue task matches the filters.',
    count: '{n} overdue tasks',
    byAgency: 'Overdue tasks by lead agency',
    byAgencyLabel: 'Bar chart: the number of overdue tasks of each lead agency',
    tasksLate: 'Overdue tasks',
    blocking: 'Who is blocking whom',
    blockingHelp:
      'Task A waits for task B when B must be approved (or cancelled) before A can start. Only pairs of two open tasks count.',
    noBlocking: 'No task is waiting for an unfinished task now.',
    blocker: 'Blocking task',
    blockerAgency: 'Agency of the blocking task',
    blocked: 'Waiting task',
    blockedAgency: 'Waiting agency',
    waits: '{a} waits for {b} of {x}',
    chartLabel: 'Tree: blocking agency → its tasks → the tasks waiting for them',
    chartRoot: 'Blockers',
    critical: 'Critical path per goal',
    criticalHelp:
      'The longest chain of dependent tasks of each goal, in estimated working days left; negative slack means it will be late.',
    goal: 'Goal',
    path: 'Chain of tasks',
    remaining: 'Left',
    finish: 'Projected finish',
    slack: 'Slack',
    willBeLate: 'late by {n} working days',
    onTrack: '{n} working days to spare',
    rows: '{n} pairs',
    dependsOn: 'waits for',
  },
};

type Task = Omit<ProgrammeNode, 'children'>;
type OverdueTask = Task & { daysLate: number };
interface BlockRow {
  key: string;
  agency: string;
  task: string;
  blockedTask: string;
  blockedAgency: string;
}

interface Loaded {
  asOf: string;
  tasks: Map<string, Task>;
  overdue: OverdueTask[];
  graph: TaskGraph;
  agencies: Agency[];
}

async function loadOverdue(): Promise<Loaded> {
  const [programme, graph, agencies] = await Promise.all([fetchProgramme(), fetchTaskGraph(), loadAgencies()]);
  const tasks = new Map<string, Task>(
    flatten(programme.data)
      .filter(isTaskNode)
      .map((n) => [n.code, withoutChildren(n)]),
  );
  // As the deadline scheduler decides: an open task at least one working day after its deadline (the
  // services' calendar, with its holidays and announced days off), as of the tasks service's own date.
  const candidates = [...tasks.values()].filter(
    (n) => n.state && OPEN_STATES.includes(n.state) && n.dueDate && n.dueDate < graph.asOf,
  );
  const dueDates = [...new Set(candidates.map((n) => n.dueDate as string))];
  const counted = await Promise.all(
    dueDates.map((from) =>
      get<{ workingDays: number }>('tasks', '/v1/calendar/working-days', { from, to: graph.asOf }),
    ),
  );
  const late = new Map(dueDates.map((d, i) => [d, counted[i].workingDays]));
  const overdue = candidates
    .map((n) => ({ ...n, daysLate: late.get(n.dueDate as string) ?? 0 }))
    .filter((n) => n.daysLate >= 1);
  return { asOf: graph.asOf, tasks, overdue, graph, agencies };
}

/** Every chain of unfinished blockers upstream of a task: [[B, C], [D]] for A ← B ← C and A ← D. */
function blockerChains(code: string, graph: TaskGraph, seen: Set<string> = new Set([code])): string[][] {
  const node = graph.nodes.find((n) => n.code === code);
  if (!node) return [];
  const open = node.blockedBy.filter((b) => {
    const blocker = graph.nodes.find((n) => n.code === b);
    return blocker && !DONE_STATES.includes(blocker.state) && !seen.has(b);
  });
  return open.flatMap((b) => {
    const further = blockerChains(b, graph, new Set([...seen, b]));
    return further.length > 0 ? further.map((chain) => [b, ...chain]) : [[b]];
  });
}

export function OverdueScreen() {
  const t = useText(TEXT);
  const s = useText(SHARED_TEXT);
  const local = useLocalName();
  const { language } = useLanguage();
  const narrow = !(Grid.useBreakpoint().md ?? true);
  const [filters, setFilters] = useSearchState({ q: '', agency: '', page: '1', bpage: '1' });
  const load = useLoad(() => loadOverdue(), []);
  const data = load.data;
  const agencies = useMemo(() => agencyIndex(data?.agencies ?? []), [data]);
  const agencyLabel = (code: string) => {
    const a = agencies.get(code);
    return a ? `${code} · ${local(a)}` : code;
  };

  const overdue = useMemo(
    () =>
      (data?.overdue ?? [])
        .filter(
          (n) =>
            matches(filters.q, n.code, n.titleVi, n.titleEn) && (!filters.agency || n.leadAgency === filters.agency),
        )
        .sort((a, b) => b.daysLate - a.daysLate || a.code.localeCompare(b.code, undefined, { numeric: true })),
    [data, filters.q, filters.agency],
  );
  const blockRows = useMemo<BlockRow[]>(
    () =>
      (data?.graph.blocking ?? [])
        .flatMap((entry) =>
          entry.blocks.map((b) => ({ key: `${b.task}>${b.blockedTask}`, agency: entry.agency, ...b })),
        )
        .filter((r) => !filters.agency || r.agency === filters.agency || r.blockedAgency === filters.agency)
        .filter((r) => matches(filters.q, r.task, r.blockedTask)),
    [data, filters.q, filters.agency],
  );
  const agencyOptions = useMemo(() => {
    const codes = new Set<string>();
    data?.overdue.forEach((n) => n.leadAgency && codes.add(n.leadAgency));
    data?.graph.blocking.forEach((e) => {
      codes.add(e.agency);
      e.blocks.forEach((b) => codes.add(b.blockedAgency));
    });
    return [...codes].sort();
  }, [data]);

  const taskLink = (code: string) => {
    const task = data?.tasks.get(code);
    return task ? (
      <Link to={`/workspace/tasks/${task.id}`} data-testid="task-link" data-code={code}>
        {code}
      </Link>
    ) : (
      code
    );
  };
  const taskTip = (code: string) => {
    const task = data?.tasks.get(code);
    return task ? (
      <Tooltip title={local({ nameVi: task.titleVi, nameEn: task.titleEn })}>
        <span>{taskLink(code)}</span>
      </Tooltip>
    ) : (
      taskLink(code)
    );
  };
  const chains = (code: string) => {
    if (!data) return null;
    const found = blockerChains(code, data.graph);
    if (found.length === 0) return t('nothing');
    return (
      <Space orientation="vertical" size={2} data-testid="blocker-chains">
        {found.map((chain) => (
          <span key={chain.join('>')} data-testid="blocker-chain">
            {chain.map((b, i) => {
              const blocker = data.tasks.get(b);
              return (
                <span key={b}>
                  {i > 0 && ` ← ${t('dependsOn')} `}
                  {taskTip(b)}{' '}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    ({blocker?.leadAgency ?? '?'}
                    {blocker?.state ? ` · ${s(blocker.state)}` : ''})
                  </Typography.Text>
                </span>
              );
            })}
          </span>
        ))}
      </Space>
    );
  };
  const blocksOf = (code: string) => {
    const node = data?.graph.nodes.find((n) => n.code === code);
    const open = (node?.blocks ?? []).filter((b) => {
      const blocked = data?.graph.nodes.find((n) => n.code === b);
      return blocked && !DONE_STATES.includes(blocked.state);
    });
    return open.length === 0 ? (
      t('nothing')
    ) : (
      <Flex wrap gap={4}>
        {open.map((b) => (
          <Tag key={b}>{taskTip(b)}</Tag>
        ))}
      </Flex>
    );
  };
  const lateCell = (n: OverdueTask) => (
    <Typography.Text type="danger" strong data-testid="days-late" data-days={n.daysLate}>
      {t('lateDays', { n: formatNumber(language, n.daysLate, 0) })}
    </Typography.Text>
  );
  const titleCell = (n: Task) => (
    <span>
      <span lang={language === 'en' && n.titleEn ? 'en' : 'vi'}>{local({ nameVi: n.titleVi, nameEn: n.titleEn })}</span>
      {language === 'en' && n.titleEn && (
        <Typography.Text type="secondary" lang="vi" style={{ display: 'block', fontSize: 12 }}>
          {n.titleVi}
        </Typography.Text>
      )}
    </span>
  );

  const columns: ColumnsType<OverdueTask> = narrow
    ? [
        {
          key: 'task',
          title: t('tasksLate'),
          render: (_, n) => (
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Flex justify="space-between" gap={8} wrap>
                {taskLink(n.code)}
                {lateCell(n)}
              </Flex>
              {titleCell(n)}
              <AgencyName code={n.leadAgency} agencies={agencies} compact />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('due')} {formatDate(language, n.dueDate)} · <StateTag state={n.state} />
              </Typography.Text>
              <ProgressBar percent={n.progressPercent} label={`${s('progress')} ${n.code}`} />
              <div>
                <Typography.Text type="secondary">{t('waitsFor')}: </Typography.Text>
                {chains(n.code)}
              </div>
            </Space>
          ),
        },
      ]
    : [
        {
          key: 'task',
          title: t('tasksLate'),
          render: (_, n) => (
            <div>
              {taskLink(n.code)}
              <div>{titleCell(n)}</div>
            </div>
          ),
        },
        {
          key: 'late',
          title: `${t('late')} / ${t('due')}`,
          width: 150,
          render: (_, n) => (
            <div>
              {lateCell(n)}
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('due')} {formatDate(language, n.dueDate)}
                </Typography.Text>
              </div>
            </div>
          ),
        },
        {
          key: 'lead',
          title: t('lead'),
          width: 190,
          render: (_, n) => <AgencyName code={n.leadAgency} agencies={agencies} />,
        },
        {
          key: 'state',
          title: s('progress'),
          width: 160,
          render: (_, n) => (
            <Space orientation="vertical" size={2}>
              <StateTag state={n.state} />
              <ProgressBar percent={n.progressPercent} label={`${s('progress')} ${n.code}`} />
            </Space>
          ),
        },
        {
          key: 'deps',
          title: `${t('waitsFor')} / ${t('blocks')}`,
          width: 230,
          render: (_, n) => (
            <Space orientation="vertical" size={4}>
              <div>
                <Typography.Text type="secondary">{t('waitsFor')}: </Typography.Text>
                {chains(n.code)}
              </div>
              <div>
                <Typography.Text type="secondary">{t('blocks')}: </Typography.Text>
                {blocksOf(n.code)}
              </div>
            </Space>
          ),
        },
      ];

  const perAgency = useMemo(() => {
    const count = new Map<string, { n: number; max: number }>();
    for (const task of overdue) {
      const code = task.leadAgency ?? '?';
      const c = count.get(code) ?? { n: 0, max: 0 };
      count.set(code, { n: c.n + 1, max: Math.max(c.max, task.daysLate) });
    }
    return [...count].sort((a, b) => a[1].n - b[1].n || a[1].max - b[1].max);
  }, [overdue]);
  const barOption = useMemo(
    () => ({
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: perAgency.map(([code]) => code) },
      series: [
        {
          name: t('tasksLate'),
          type: 'bar',
          data: perAgency.map(([, c]) => c.n),
          itemStyle: { color: '#cf1322' },
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [perAgency, t],
  );

  const treeOption = useMemo(() => {
    const byAgency = new Map<string, BlockRow[]>();
    blockRows.forEach((r) => byAgency.set(r.agency, [...(byAgency.get(r.agency) ?? []), r]));
    const children = [...byAgency].map(([agency, rows]) => {
      const byTask = new Map<string, BlockRow[]>();
      rows.forEach((r) => byTask.set(r.task, [...(byTask.get(r.task) ?? []), r]));
      return {
        name: agency,
        children: [...byTask].map(([task, blocked]) => ({
          name: task,
          children: blocked.map((b) => ({ name: `${b.blockedTask} (${b.blockedAgency})` })),
        })),
      };
    });
    return {
      tooltip: { trigger: 'item', triggerOn: 'mousemove' },
      series: [
        {
          type: 'tree',
          data: [{ name: t('chartRoot'), children }],
          top: 8,
          bottom: 8,
          left: 100,
          right: 180,
          symbolSize: 9,
          orient: 'LR',
          initialTreeDepth: -1,
          expandAndCollapse: false,
          label: {
            position: 'left',
            verticalAlign: 'middle',
            align: 'right',
            fontSize: 12,
            backgroundColor: '#fff',
            padding: 2,
          },
          leaves: { label: { position: 'right', verticalAlign: 'middle', align: 'left' } },
        },
      ],
    };
  }, [blockRows, t]);

  const blockColumns: ColumnsType<BlockRow> = [
    {
      key: 'sentence',
      title: t('blocked'),
      render: (_, r) => (
        <span data-testid="blocking-pair" data-blocker={r.task} data-blocked={r.blockedTask}>
          {taskTip(r.blockedTask)} <Typography.Text type="secondary">({r.blockedAgency})</Typography.Text>{' '}
          {t('dependsOn')} {taskTip(r.task)} <Typography.Text type="secondary">({r.agency})</Typography.Text>
        </span>
      ),
    },
    {
      key: 'agency',
      title: t('blockerAgency'),
      responsive: ['md'],
      render: (_, r) => <AgencyName code={r.agency} agencies={agencies} />,
    },
    {
      key: 'blockedAgency',
      title: t('blockedAgency'),
      responsive: ['md'],
      render: (_, r) => <AgencyName code={r.blockedAgency} agencies={agencies} />,
    },
  ];
  const leaves = blockRows.length;

  return (
    <ScreenFrame
      name="programme-overdue"
      title={t('title')}
      loaded={!load.loading}
      extra={
        data && (
          <Typography.Text type="secondary" data-testid="as-of" data-date={data.asOf}>
            {t('asOf', { d: formatDate(language, data.asOf) })}
          </Typography.Text>
        )
      }
    >
      {load.error !== undefined && <ActionError error={load.error} />}
      <Flex wrap gap="small" style={{ marginBottom: 12 }} data-testid="overdue-filters">
        <SearchFilter
          label={t('search')}
          value={filters.q}
          onSearch={(q) => setFilters({ q, page: '1', bpage: '1' })}
        />
        <Select
          allowClear
          aria-label={t('agency')}
          placeholder={t('allAgencies')}
          value={filters.agency || undefined}
          onChange={(agency?: string) => setFilters({ agency: agency ?? '', page: '1', bpage: '1' })}
          style={{ width: 260, maxWidth: '100%' }}
          data-testid="filter-agency"
          options={agencyOptions.map((a) => ({ value: a, label: agencyLabel(a) }))}
        />
      </Flex>

      <Card size="small" title={t('overdue')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('overdueHelp')}
        </Typography.Paragraph>
        <Table<OverdueTask>
          data-testid="overdue-table"
          rowKey="code"
          size="small"
          columns={columns}
          dataSource={overdue}
          onRow={(n) => rowAttributes({ 'data-code': n.code, 'data-testid': 'overdue-row' })}
          locale={{ emptyText: load.loading ? ' ' : t('noneOverdue') }}
          scroll={narrow ? undefined : { x: 960 }}
          pagination={tablePager({
            page: pageOf(filters.page),
            pageSize: PAGE_SIZE,
            total: overdue.length,
            totalText: (n) => t('count', { n }),
            onChange: (page) => setFilters({ page: String(page) }),
          })}
        />
        {perAgency.length > 0 && (
          <>
            <Typography.Title level={2} style={{ fontSize: 15, marginTop: 8 }}>
              {t('byAgency')}
            </Typography.Title>
            <Chart option={barOption} label={t('byAgencyLabel')} height={Math.max(140, perAgency.length * 34 + 24)} />
          </>
        )}
      </Card>

      <Card size="small" title={t('blocking')} style={{ marginBottom: 12 }} data-testid="blocking">
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('blockingHelp')}
        </Typography.Paragraph>
        {leaves === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={load.loading ? ' ' : t('noBlocking')}
            data-testid="no-blocking"
          />
        ) : (
          <>
            {/* On a phone the tree would not read: the table below says the same. */}
            {!narrow && <Chart option={treeOption} label={t('chartLabel')} height={Math.max(160, leaves * 30 + 20)} />}
            <Table<BlockRow>
              data-testid="blocking-table"
              rowKey="key"
              size="small"
              columns={blockColumns}
              dataSource={blockRows}
              pagination={tablePager({
                page: pageOf(filters.bpage),
                pageSize: PAGE_SIZE,
                total: blockRows.length,
                totalText: (n) => t('rows', { n }),
                onChange: (page) => setFilters({ bpage: String(page) }),
              })}
            />
          </>
        )}
      </Card>

      {data && data.graph.criticalPaths.length > 0 && (
        <Card size="small" title={t('critical')} data-testid="critical-paths">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('criticalHelp')}
          </Typography.Paragraph>
          <Table
            rowKey="goal"
            size="small"
            pagination={false}
            dataSource={data.graph.criticalPaths}
            columns={[
              { key: 'goal', title: t('goal'), dataIndex: 'goal', width: 90 },
              {
                key: 'path',
                title: t('path'),
                render: (_, p) => (
                  <span>
                    {p.path.map((code, i) => (
                      <span key={code}>
                        {i > 0 && ' → '}
                        {taskTip(code)}
                      </span>
                    ))}
                  </span>
                ),
              },
              {
                key: 'remaining',
                title: t('remaining'),
                responsive: ['md'],
                render: (_, p) => t('lateDays', { n: formatNumber(language, p.remainingWorkingDays, 0) }),
              },
              {
                key: 'finish',
                title: t('finish'),
                responsive: ['md'],
                render: (_, p) =>
                  `${formatDate(language, p.projectedFinish)} / ${t('due')} ${formatDate(language, p.dueDate)}`,
              },
              {
                key: 'slack',
                title: t('slack'),
                render: (_, p) =>
                  p.slackWorkingDays < 0 ? (
                    <Typography.Text type="danger">
                      {t('willBeLate', { n: formatNumber(language, -p.slackWorkingDays, 0) })}
                    </Typography.Text>
                  ) : (
                    t('onTrack', { n: formatNumber(language, p.slackWorkingDays, 0) })
                  ),
              },
            ]}
          />
        </Card>
      )}
    </ScreenFrame>
  );
}
