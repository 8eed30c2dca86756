import { Button, Card, Col, Flex, Grid, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type Key, type ReactNode, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { type Agency, agencyIndex, loadAgencies } from '../../common/agencies';
import { formatDate, formatNumber } from '../../common/format';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { pageOf, rowAttributes, tablePager } from '../../common/table';
import { TAG } from '../../common/tag-colours';
import { matches } from '../../common/text-match';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage, useLocalName, useText } from '../../i18n/language';
import {
  fetchProgramme,
  flatten,
  isTaskNode,
  type NodeKind,
  PAGE_SIZE,
  type ProgrammeNode,
  type TaskState,
  withoutChildren,
} from './programme-data';
import { ActionError, AgencyName, ProgressBar, SHARED_TEXT, StateTag, SearchFilter } from './programme-ui';

const TEXT: Dictionary<
  | 'title'
  | 'tree'
  | 'list'
  | 'view'
  | 'search'
  | 'agency'
  | 'allAgencies'
  | 'state'
  | 'allStates'
  | 'expandAll'
  | 'collapse'
  | 'code'
  | 'name'
  | 'lead'
  | 'due'
  | 'weight'
  | 'overall'
  | 'weightOf'
  | 'fromIndicators'
  | 'fromChildren'
  | 'manual'
  | 'none'
  | 'count'
  | 'treeLabel'
  | 'listLabel'
  | 'sort'
  | 'sortCode'
  | 'sortDue'
  | 'sortProgress'
  | 'rollup'
> = {
  vi: {
    title: 'Cây chương trình',
    tree: 'Dạng cây',
    list: 'Danh sách nhiệm vụ',
    view: 'Cách xem',
    search: 'Tìm theo mã hoặc nội dung',
    agency: 'Cơ quan chủ trì',
    allAgencies: 'Mọi cơ quan chủ trì',
    state: 'Trạng thái',
    allStates: 'Mọi trạng thái',
    expandAll: 'Mở rộng tất cả',
    collapse: 'Thu gọn đến nhiệm vụ',
    code: 'Mã',
    name: 'Nội dung',
    lead: 'Chủ trì',
    due: 'Hạn',
    weight: 'Trọng số',
    overall: 'Tiến độ chung',
    weightOf: 'trọng số {w}',
    fromIndicators: 'theo chỉ tiêu',
    fromChildren: 'theo nhiệm vụ con',
    manual: 'do cơ quan báo cáo',
    none: 'Không có nút nào khớp bộ lọc.',
    count: '{n} nhiệm vụ',
    treeLabel: 'Cây chương trình: nghị quyết, mục tiêu, nhóm nhiệm vụ, nhiệm vụ và nhiệm vụ con',
    listLabel: 'Danh sách nhiệm vụ và nhiệm vụ con',
    sort: 'Sắp xếp',
    sortCode: 'Theo mã',
    sortDue: 'Hạn gần nhất trước',
    sortProgress: 'Tiến độ thấp nhất trước',
    rollup: 'Tiến độ của nghị quyết, mục tiêu và nhóm là bình quân gia quyền theo trọng số của các nút con.',
  },
  en: {
    title: 'Programme tree',
    tree: 'Tree',
    list: 'Task list',
    view: 'View',
    search: 'Search by code or title',
    agency: 'Lead agency',
    allAgencies: 'Every lead agency',
    state: 'State',
    allStates: 'Every state',
    expandAll: 'Expand all',
    collapse: 'Collapse to tasks',
    code: 'Code',
    name: 'Title',
    lead: 'Lead',
    due: 'Due',
    weight: 'Weight',
    overall: 'Overall progress',
    weightOf: 'weight {w}',
    fromIndicators: 'from indicators',
    fromChildren: 'from sub-tasks',
    manual: 'reported by the agency',
    none: 'No node matches the filters.',
    count: '{n} tasks',
    treeLabel: 'Programme tree: resolution, goals, task groups, tasks and sub-tasks',
    listLabel: 'Tasks and sub-tasks',
    sort: 'Sort',
    sortCode: 'By code',
    sortDue: 'Earliest deadline first',
    sortProgress: 'Least progress first',
    rollup: 'The progress of the resolution, goals and groups is the weighted mean of their children’s, by weight.',
  },
};

type TreeRow = Omit<ProgrammeNode, 'children'> & { children?: TreeRow[] };

const INDENT = 16;
const DEPTH: Record<NodeKind, number> = { resolution: 0, goal: 1, group: 2, task: 3, subtask: 4 };

const STATES: TaskState[] = ['DRAFT', 'ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'APPROVED', 'CANCELLED'];

/** Keeps the nodes that pass the filters, with their ancestors; a node whose text matches keeps its subtree. */
function filterTree(
  nodes: readonly ProgrammeNode[],
  f: { q: string; agency: string; state: string },
  textHit = false,
): TreeRow[] {
  return nodes.flatMap((n) => {
    const hit = textHit || matches(f.q, n.code, n.titleVi, n.titleEn);
    const kids = filterTree(n.children, f, hit);
    const self = isTaskNode(n)
      ? hit && (!f.agency || n.leadAgency === f.agency) && (!f.state || n.state === f.state)
      : hit && !f.agency && !f.state;
    if (!self && kids.length === 0) return [];
    return [{ ...withoutChildren(n), children: kids.length > 0 ? kids : undefined }];
  });
}

function keysWithChildren(rows: readonly TreeRow[], upTo?: (r: TreeRow) => boolean): string[] {
  return rows.flatMap((r) => (r.children && (!upTo || upTo(r)) ? [r.code, ...keysWithChildren(r.children, upTo)] : []));
}

export function TreeScreen() {
  const t = useText(TEXT);
  const s = useText(SHARED_TEXT);
  const local = useLocalName();
  const { language } = useLanguage();
  const narrow = !(Grid.useBreakpoint().md ?? true);
  const [filters, setFilters] = useSearchState({ q: '', agency: '', state: '', view: 'tree', sort: 'code', page: '1' });
  const load = useLoad(
    () =>
      Promise.all([fetchProgramme(), loadAgencies()]).then(([programme, agencies]) => ({
        roots: programme.data,
        agencies,
      })),
    [],
  );
  const roots = useMemo(() => load.data?.roots ?? [], [load.data]);
  const agencies = useMemo(() => agencyIndex(load.data?.agencies ?? ([] as Agency[])), [load.data]);
  const all = useMemo(() => flatten(roots), [roots]);
  const leadAgencies = useMemo(
    () => [...new Set(all.map((n) => n.leadAgency).filter((a): a is string => !!a))].sort(),
    [all],
  );
  const filtering = !!(filters.q || filters.agency || filters.state);
  const rows = useMemo(() => filterTree(roots, filters), [roots, filters]);
  const defaultKeys = useMemo(() => keysWithChildren(rows, (r) => !isTaskNode(r)), [rows]);
  const [expanded, setExpanded] = useState<readonly Key[] | undefined>(undefined);
  const expandedKeys = filtering ? keysWithChildren(rows) : (expanded ?? defaultKeys);

  const tasks = useMemo(() => {
    const kept = all.filter(
      (n) =>
        isTaskNode(n) &&
        matches(filters.q, n.code, n.titleVi, n.titleEn) &&
        (!filters.agency || n.leadAgency === filters.agency) &&
        (!filters.state || n.state === filters.state),
    );
    const byCode = (a: ProgrammeNode, b: ProgrammeNode) => a.code.localeCompare(b.code, undefined, { numeric: true });
    if (filters.sort === 'due')
      kept.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || byCode(a, b));
    else if (filters.sort === 'progress') kept.sort((a, b) => a.progressPercent - b.progressPercent || byCode(a, b));
    else kept.sort(byCode);
    return kept.map((n): TreeRow => withoutChildren(n));
  }, [all, filters]);

  const title = (n: TreeRow): ReactNode => {
    const named = { nameVi: n.titleVi, nameEn: n.titleEn };
    return (
      <span>
        {!isTaskNode(n) && (
          <Tag color={n.kind === 'goal' ? TAG.purple : n.kind === 'group' ? TAG.cyan : TAG.blue}>{s(n.kind)}</Tag>
        )}
        <span lang={language === 'en' && n.titleEn ? 'en' : 'vi'}>{local(named)}</span>
        {language === 'en' && n.titleEn && (
          <Typography.Text type="secondary" lang="vi" style={{ display: 'block', fontSize: 12 }}>
            {n.titleVi}
          </Typography.Text>
        )}
      </span>
    );
  };
  const code = (n: TreeRow) =>
    isTaskNode(n) ? (
      <Link to={`/workspace/tasks/${n.id}`} data-testid="task-link" data-code={n.code}>
        {n.code}
      </Link>
    ) : (
      <Typography.Text strong>{n.code}</Typography.Text>
    );
  const source = (n: TreeRow) =>
    n.progressSource === 'indicators'
      ? t('fromIndicators')
      : isTaskNode(n) && n.progressSource === 'children'
        ? t('fromChildren')
        : n.progressSource === 'manual'
          ? t('manual')
          : null;
  const progress = (n: TreeRow) => (
    <div>
      <ProgressBar percent={n.progressPercent} label={`${s('progress')} ${n.code}`} />
      {source(n) && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {source(n)}
        </Typography.Text>
      )}
    </div>
  );

  const columns: ColumnsType<TreeRow> = narrow
    ? [
        {
          key: 'node',
          title: t('name'),
          render: (_, n) => (
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <span>{code(n)}</span>
              {title(n)}
              {isTaskNode(n) && (
                <Flex wrap gap={4} align="center">
                  <StateTag state={n.state} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {n.leadAgency} · {t('due')} {formatDate(language, n.dueDate)}
                  </Typography.Text>
                </Flex>
              )}
              {progress(n)}
            </Space>
          ),
        },
      ]
    : [
        {
          key: 'node',
          title: t('name'),
          render: (_, n) => (
            // In the tree the cell starts with the row's indent and expand button: the text keeps to their right.
            <div
              style={
                filters.view === 'tree'
                  ? {
                      display: 'inline-block',
                      verticalAlign: 'top',
                      width: `calc(100% - ${DEPTH[n.kind] * INDENT + 28}px)`,
                    }
                  : undefined
              }
            >
              {code(n)}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                · {t('weightOf', { w: formatNumber(language, n.weight) })}
              </Typography.Text>
              <div>{title(n)}</div>
            </div>
          ),
        },
        { key: 'state', title: t('state'), width: 130, render: (_, n) => <StateTag state={n.state} /> },
        {
          key: 'lead',
          title: t('lead'),
          width: 200,
          render: (_, n) => (n.leadAgency ? <AgencyName code={n.leadAgency} agencies={agencies} /> : null),
        },
        {
          key: 'due',
          title: t('due'),
          width: 100,
          render: (_, n) => (n.dueDate ? formatDate(language, n.dueDate) : null),
        },
        { key: 'progress', title: s('progress'), width: 180, render: (_, n) => progress(n) },
      ];

  const resolution = roots[0];
  return (
    <ScreenFrame
      name="programme-tree"
      title={t('title')}
      loaded={!load.loading}
      extra={
        <Segmented
          aria-label={t('view')}
          data-testid="tree-view"
          value={filters.view}
          onChange={(view) => setFilters({ view, page: '1' })}
          options={[
            { label: t('tree'), value: 'tree' },
            { label: t('list'), value: 'list' },
          ]}
        />
      }
    >
      {load.error !== undefined && <ActionError error={load.error} />}
      {resolution && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="programme-summary">
          <Col xs={24} lg={6}>
            <Card size="small" title={t('overall')}>
              <Typography.Paragraph style={{ marginBottom: 4 }}>
                <Typography.Text strong>{resolution.code}</Typography.Text> · {title(resolution)}
              </Typography.Paragraph>
              <ProgressBar percent={resolution.progressPercent} label={`${t('overall')} ${resolution.code}`} />
            </Card>
          </Col>
          {resolution.children.map((goal) => (
            <Col xs={24} md={8} lg={6} key={goal.code}>
              <Card
                size="small"
                title={`${s('goal')} ${goal.code}`}
                extra={t('weightOf', { w: formatNumber(language, goal.weight) })}
                data-testid="goal-card"
              >
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
                  {local({ nameVi: goal.titleVi, nameEn: goal.titleEn })}
                </Typography.Paragraph>
                <ProgressBar percent={goal.progressPercent} label={`${s('progress')} ${goal.code}`} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <Flex wrap gap="small" style={{ marginBottom: 12 }} data-testid="tree-filters">
        <SearchFilter label={t('search')} value={filters.q} onSearch={(q) => setFilters({ q, page: '1' })} />
        <Select
          allowClear
          aria-label={t('agency')}
          placeholder={t('allAgencies')}
          value={filters.agency || undefined}
          onChange={(agency?: string) => setFilters({ agency: agency ?? '', page: '1' })}
          style={{ width: 240, maxWidth: '100%' }}
          data-testid="filter-agency"
          options={leadAgencies.map((a) => ({
            value: a,
            label: `${a} · ${agencies.get(a) ? local(agencies.get(a) as Agency) : ''}`,
          }))}
        />
        <Select
          allowClear
          aria-label={t('state')}
          placeholder={t('allStates')}
          value={filters.state || undefined}
          onChange={(state?: string) => setFilters({ state: state ?? '', page: '1' })}
          style={{ width: 180, maxWidth: '100%' }}
          data-testid="filter-state"
          options={STATES.map((st) => ({ value: st, label: s(st) }))}
        />
        {filters.view === 'tree' ? (
          <Space size="small">
            <Button onClick={() => setExpanded(keysWithChildren(rows))} disabled={filtering} data-testid="expand-all">
              {t('expandAll')}
            </Button>
            <Button onClick={() => setExpanded(defaultKeys)} disabled={filtering} data-testid="collapse">
              {t('collapse')}
            </Button>
          </Space>
        ) : (
          <Select
            aria-label={t('sort')}
            value={filters.sort}
            onChange={(sort: string) => setFilters({ sort, page: '1' })}
            style={{ width: 220, maxWidth: '100%' }}
            data-testid="sort"
            options={[
              { value: 'code', label: t('sortCode') },
              { value: 'due', label: t('sortDue') },
              { value: 'progress', label: t('sortProgress') },
            ]}
          />
        )}
      </Flex>
      {filters.view === 'tree' ? (
        <>
          <Table<TreeRow>
            data-testid="programme-tree"
            aria-label={t('treeLabel')}
            rowKey="code"
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={false}
            indentSize={narrow ? 8 : INDENT}
            expandable={{
              expandedRowKeys: expandedKeys,
              onExpandedRowsChange: (keys) => setExpanded(keys),
            }}
            onRow={(n) => rowAttributes({ 'data-kind': n.kind, 'data-code': n.code })}
            locale={{ emptyText: load.loading ? ' ' : t('none') }}
            scroll={narrow ? undefined : { x: 900 }}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t('rollup')}
          </Typography.Paragraph>
        </>
      ) : (
        <Table<TreeRow>
          data-testid="task-list"
          aria-label={t('listLabel')}
          rowKey="code"
          size="small"
          columns={columns}
          dataSource={tasks}
          onRow={(n) => rowAttributes({ 'data-kind': n.kind, 'data-code': n.code })}
          locale={{ emptyText: load.loading ? ' ' : t('none') }}
          scroll={narrow ? undefined : { x: 900 }}
          pagination={tablePager({
            page: pageOf(filters.page),
            pageSize: PAGE_SIZE,
            total: tasks.length,
            totalText: (n) => t('count', { n }),
            onChange: (page) => setFilters({ page: String(page) }),
          })}
        />
      )}
    </ScreenFrame>
  );
}
