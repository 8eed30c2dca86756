import {
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  Input,
  Pagination,
  Progress,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type MouseEvent, useMemo } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { usePerson } from '../../auth/session-context';
import { useAgencyName } from '../../common/agencies';
import { describeError, ErrorNotice } from '../../common/errors';
import { formatDate } from '../../common/format';
import { ReloadButton } from '../../common/reload-button';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { pageWithin, rowAttributes } from '../../common/table';
import { TAG } from '../../common/tag-colours';
import { matches } from '../../common/text-match';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage, useLocalName, useText } from '../../i18n/language';
import { isOverdue, OPEN_STATES, TASK_STATES, type TaskState, type TaskView, taskPath } from './task-api';
import { loadTaskList } from './task-loads';
import { StateTag, useTaskWords } from './task-words';

const TEXT: Dictionary<
  | 'title'
  | 'search'
  | 'searchLabel'
  | 'state'
  | 'allStates'
  | 'part'
  | 'allParts'
  | 'overdueOnly'
  | 'clear'
  | 'code'
  | 'task'
  | 'myPart'
  | 'lead'
  | 'due'
  | 'progress'
  | 'summary'
  | 'shown'
  | 'none'
  | 'noneFiltered'
  | 'total'
  | 'under'
  | 'blocked'
  | 'loadFailed'
> = {
  vi: {
    loadFailed: 'Không tải được danh sách nhiệm vụ',
    title: 'Nhiệm vụ của cơ quan',
    search: 'Tìm theo mã hoặc tên nhiệm vụ',
    searchLabel: 'Tìm nhiệm vụ',
    state: 'Trạng thái',
    allStates: 'Mọi trạng thái',
    part: 'Vai trò của cơ quan',
    allParts: 'Mọi vai trò',
    overdueOnly: 'Chỉ nhiệm vụ quá hạn',
    clear: 'Xóa bộ lọc',
    code: 'Mã',
    task: 'Nhiệm vụ',
    myPart: 'Cơ quan tôi',
    lead: 'Chủ trì',
    due: 'Hạn hoàn thành',
    progress: 'Tiến độ',
    summary: '{agency}: {n} nhiệm vụ, {open} đang mở, {overdue} quá hạn (tính đến {today}).',
    shown: '{from}–{to} trong {n} nhiệm vụ',
    none: 'Cơ quan của bạn chưa chủ trì, phối hợp hay thẩm định nhiệm vụ nào.',
    noneFiltered: 'Không có nhiệm vụ nào khớp bộ lọc.',
    total: 'Tổng',
    under: 'thuộc {code}',
    blocked: 'Bị chặn',
  },
  en: {
    loadFailed: 'The task list could not be loaded',
    title: "My agency's tasks",
    search: 'Search by task code or title',
    searchLabel: 'Search tasks',
    state: 'State',
    allStates: 'Every state',
    part: "My agency's part",
    allParts: 'Every part',
    overdueOnly: 'Overdue only',
    clear: 'Clear the filters',
    code: 'Code',
    task: 'Task',
    myPart: 'My agency',
    lead: 'Lead',
    due: 'Deadline',
    progress: 'Progress',
    summary: '{agency}: {n} tasks, {open} open, {overdue} overdue (as of {today}).',
    shown: '{from}–{to} of {n} tasks',
    none: 'Your agency leads, coordinates or reviews no task.',
    noneFiltered: 'No task matches the filters.',
    total: 'Total',
    under: 'under {code}',
    blocked: 'Blocked',
  },
};

type Part = 'lead' | 'coordinating' | 'reviewer';

interface Row extends TaskView {
  title: string;
  parts: Part[];
  left?: number;
  overdue: boolean;
  open: boolean;
  blockedBy: string[];
}

const DEFAULTS = { state: '', part: '', overdue: '', q: '', page: '1', size: '20' };
const PAGE_SIZES = ['10', '20', '50'];

function partsOf(task: TaskView, agency: string): Part[] {
  const parts: Part[] = [];
  if (task.leadAgency === agency) parts.push('lead');
  if (task.coordinatingAgencies.includes(agency)) parts.push('coordinating');
  if (task.reviewerAgency === agency) parts.push('reviewer');
  return parts;
}

/** `/workspace/tasks`: the tasks the person's agency leads, coordinates or reviews, filtered and paged in the address. */
export function TaskListScreen() {
  const t = useText(TEXT);
  const words = useTaskWords();
  const person = usePerson();
  const { language } = useLanguage();
  const localName = useLocalName();
  const agencyName = useAgencyName();
  const navigate = useNavigate();
  const location = useLocation();
  const narrow = !(Grid.useBreakpoint().md ?? true);
  const [filters, setFilters] = useSearchState(DEFAULTS);

  const { data, error, loading, reload } = useLoad(() => loadTaskList(person.agency), [person.agency]);

  const rows = useMemo<Row[]>(() => {
    if (!data) return [];
    return data.tasks
      .map((task) => {
        const open = !!task.state && OPEN_STATES.includes(task.state);
        return {
          ...task,
          title: localName({ nameVi: task.titleVi, nameEn: task.titleEn, code: task.code }),
          parts: partsOf(task, person.agency),
          left: open && task.dueDate ? data.left.get(task.dueDate) : undefined,
          overdue: isOverdue(task, data.today),
          open,
          blockedBy: data.blockers.get(task.code) ?? [],
        };
      })
      .sort(
        (a, b) =>
          Number(b.overdue) - Number(a.overdue) ||
          Number(b.open) - Number(a.open) ||
          (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
          a.code.localeCompare(b.code),
      );
  }, [data, localName, person.agency]);

  const filtered = useMemo(
    () =>
      rows.filter(
        (r) =>
          (!filters.state || r.state === filters.state) &&
          (!filters.part || r.parts.includes(filters.part as Part)) &&
          (!filters.overdue || r.overdue) &&
          matches(filters.q, `${r.code} ${r.titleVi} ${r.titleEn}`),
      ),
    [rows, filters],
  );

  const size = PAGE_SIZES.includes(filters.size) ? Number(filters.size) : 20;
  const page = pageWithin(filters.page, filtered.length, size);
  const pageRows = filtered.slice((page - 1) * size, page * size);
  const filtering = !!(filters.state || filters.part || filters.overdue || filters.q);
  const back = { from: `${location.pathname}${location.search}` };

  const leftTag = (r: Row) => {
    const text = words.left(r.left, r.open, r.state);
    if (!r.open) return <Typography.Text type="secondary">{text}</Typography.Text>;
    return (
      <Typography.Text
        type={r.overdue ? 'danger' : r.left !== undefined && r.left <= 5 ? 'warning' : undefined}
        strong={r.overdue}
        data-testid="task-left"
      >
        {text}
      </Typography.Text>
    );
  };

  const titleCell = (r: Row) => (
    <Space orientation="vertical" size={0}>
      <Link to={taskPath(r)} state={back} data-testid="task-link">
        {r.title}
      </Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {r.kind === 'subtask' ? `${words.kind('subtask')} · ` : ''}
        {r.parentCode ? t('under', { code: r.parentCode }) : ''}
      </Typography.Text>
      {r.blockedBy.length > 0 && (
        <Tag color={TAG.red} variant="solid">
          {t('blocked')}: {r.blockedBy.join(', ')}
        </Tag>
      )}
    </Space>
  );

  const partTags = (r: Row) =>
    r.parts.map((p) => (
      <Tag key={p} variant="solid" color={p === 'lead' ? TAG.blue : p === 'reviewer' ? TAG.purple : TAG.cyan}>
        {words.part(p)}
      </Tag>
    ));

  const columns: TableColumnsType<Row> = [
    { key: 'code', title: t('code'), dataIndex: 'code', width: 96, render: (code: string) => <code>{code}</code> },
    { key: 'task', title: t('task'), render: (_, r) => titleCell(r) },
    { key: 'state', title: t('state'), width: 130, render: (_, r) => <StateTag state={r.state} /> },
    { key: 'part', title: t('myPart'), width: 110, responsive: ['lg'], render: (_, r) => partTags(r) },
    {
      key: 'lead',
      title: t('lead'),
      width: 84,
      responsive: ['lg'],
      render: (_, r) => <span title={agencyName(r.leadAgency)}>{r.leadAgency}</span>,
    },
    {
      key: 'due',
      title: t('due'),
      width: 170,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{formatDate(language, r.dueDate)}</span>
          {leftTag(r)}
        </Space>
      ),
    },
    {
      key: 'progress',
      title: t('progress'),
      width: 120,
      render: (_, r) => (
        <Progress
          percent={Math.round(r.progressPercent)}
          size="small"
          status={r.state === 'CANCELLED' ? 'exception' : r.state === 'APPROVED' ? 'success' : 'normal'}
          aria-label={`${t('progress')} ${r.code}`}
        />
      ),
    },
  ];

  const pager = (
    <Pagination
      current={page}
      pageSize={size}
      total={filtered.length}
      showSizeChanger
      pageSizeOptions={PAGE_SIZES}
      size="small"
      showTotal={(n, [from, to]) => t('shown', { from, to, n })}
      onChange={(next, nextSize) => setFilters({ page: String(nextSize !== size ? 1 : next), size: String(nextSize) })}
      style={{ marginTop: 12, justifyContent: 'flex-end' }}
    />
  );

  const openCount = rows.filter((r) => r.open).length;
  const overdueCount = rows.filter((r) => r.overdue).length;

  return (
    <ScreenFrame
      name="tasks"
      title={t('title')}
      loaded={!loading}
      extra={<ReloadButton onClick={reload} loading={loading && !!data} />}
    >
      {error !== undefined && (
        <ErrorNotice error={error} title={describeError(error).status ? t('loadFailed') : undefined} />
      )}
      <Flex wrap gap="small" align="center" style={{ marginBottom: 12 }} role="search">
        <Input.Search
          aria-label={t('searchLabel')}
          placeholder={t('search')}
          allowClear
          value={filters.q}
          onChange={(e) => setFilters({ q: e.target.value, page: '1' }, { replace: true })}
          style={{ width: narrow ? '100%' : 300 }}
          data-testid="task-filter-text"
        />
        <Select
          aria-label={t('state')}
          value={filters.state}
          onChange={(state: string) => setFilters({ state, page: '1' })}
          options={[
            { value: '', label: t('allStates') },
            ...TASK_STATES.map((s: TaskState) => ({ value: s, label: words.state(s) })),
          ]}
          style={{ width: narrow ? 'calc(50% - 4px)' : 180 }}
          data-testid="task-filter-state"
        />
        <Select
          aria-label={t('part')}
          value={filters.part}
          onChange={(part: string) => setFilters({ part, page: '1' })}
          options={[
            { value: '', label: t('allParts') },
            ...(['lead', 'coordinating', 'reviewer'] as const).map((p) => ({ value: p, label: words.part(p) })),
          ]}
          style={{ width: narrow ? 'calc(50% - 4px)' : 160 }}
          data-testid="task-filter-part"
        />
        <Space>
          <Switch
            id="task-filter-overdue"
            checked={!!filters.overdue}
            onChange={(on) => setFilters({ overdue: on ? '1' : '', page: '1' })}
            data-testid="task-filter-overdue"
          />
          <label htmlFor="task-filter-overdue">{t('overdueOnly')}</label>
        </Space>
        {filtering && (
          <Button type="link" onClick={() => setFilters({ state: '', part: '', overdue: '', q: '', page: '1' })}>
            {t('clear')}
          </Button>
        )}
      </Flex>
      {data && (
        <Typography.Paragraph type="secondary" data-testid="task-summary">
          {t('summary', {
            agency: agencyName(person.agency),
            n: rows.length,
            open: openCount,
            overdue: overdueCount,
            today: formatDate(language, data.today),
          })}
        </Typography.Paragraph>
      )}
      {narrow ? (
        <>
          {pageRows.length === 0 && data && <Empty description={filtering ? t('noneFiltered') : t('none')} />}
          <Flex vertical gap="small">
            {pageRows.map((r) => (
              <Card key={r.id} size="small" data-testid="task-row" data-code={r.code} data-state={r.state ?? ''}>
                <Flex justify="space-between" gap="small" align="start">
                  <code>{r.code}</code>
                  <StateTag state={r.state} />
                </Flex>
                {titleCell(r)}
                <Flex justify="space-between" wrap gap="small" style={{ marginTop: 4 }}>
                  <span>
                    {formatDate(language, r.dueDate)} · {leftTag(r)}
                  </span>
                  <span>{partTags(r)}</span>
                </Flex>
                <Progress
                  percent={Math.round(r.progressPercent)}
                  size="small"
                  aria-label={`${t('progress')} ${r.code}`}
                />
              </Card>
            ))}
          </Flex>
          {filtered.length > 0 && pager}
        </>
      ) : (
        <>
          <Table<Row>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={pageRows}
            loading={loading && !data}
            pagination={false}
            locale={{ emptyText: <Empty description={filtering ? t('noneFiltered') : t('none')} /> }}
            onRow={(r) =>
              rowAttributes({
                'data-testid': 'task-row',
                'data-code': r.code,
                'data-state': r.state ?? '',
                'data-overdue': r.overdue ? 'true' : 'false',
                onClick: (e: MouseEvent) => {
                  if ((e.target as HTMLElement).closest('a,button')) return;
                  void navigate(taskPath(r), { state: back });
                },
                style: { cursor: 'pointer' },
              })
            }
          />
          {filtered.length > 0 && pager}
        </>
      )}
    </ScreenFrame>
  );
}
