import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  List,
  Modal,
  Progress,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { usePerson } from '../../auth/session-context';
import { useAgencyName } from '../../common/agencies';
import { useDraft } from '../../common/drafts';
import { describeError, ErrorNotice } from '../../common/errors';
import { formatDate, formatDateTime, formatNumber } from '../../common/format';
import { ReloadButton } from '../../common/reload-button';
import { ScreenFrame } from '../../common/screen';
import { TAG } from '../../common/tag-colours';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage, useLocalName, useText } from '../../i18n/language';
import { newerThan } from '../inbox/inbox-api';
import { useInboxLive } from '../inbox/inbox-store';
import { contributionRefusal } from './task-access';
import { completeContribution, isOverdue, type TaskDetail, taskPath, type TaskState, type TaskView } from './task-api';
import { loadTaskPage } from './task-loads';
import { TaskHistory } from './task-history';
import { TaskProgressForm } from './task-progress-form';
import { TaskSteps } from './task-steps';
import { StateTag, useTaskWords } from './task-words';

const TEXT: Dictionary<
  | 'back'
  | 'reload'
  | 'task'
  | 'details'
  | 'code'
  | 'kind'
  | 'parent'
  | 'state'
  | 'lead'
  | 'coordinating'
  | 'reviewer'
  | 'due'
  | 'progress'
  | 'source'
  | 'source.manual'
  | 'source.children'
  | 'source.indicators'
  | 'estimate'
  | 'estimateDays'
  | 'weight'
  | 'myPart'
  | 'none'
  | 'dependencies'
  | 'blockedBy'
  | 'blocks'
  | 'noBlockers'
  | 'noBlocked'
  | 'stillOpen'
  | 'contributions'
  | 'noContributions'
  | 'completed'
  | 'open'
  | 'completeMine'
  | 'completeTitle'
  | 'completeNote'
  | 'completeDone'
  | 'completeRefused'
  | 'rule'
  | 'draft'
  | 'notNow'
  | 'indicators'
  | 'baseline'
  | 'target'
  | 'value'
  | 'subtasks'
  | 'loadFailed'
  | 'news'
> = {
  vi: {
    loadFailed: 'Không tải được nhiệm vụ',
    news: 'Nhiệm vụ vừa có thay đổi: {subject}. Tải lại để xem.',
    back: 'Danh sách nhiệm vụ',
    reload: 'Tải lại',
    task: 'Nhiệm vụ {code}',
    details: 'Thông tin nhiệm vụ',
    code: 'Mã',
    kind: 'Loại',
    parent: 'Thuộc',
    state: 'Trạng thái',
    lead: 'Cơ quan chủ trì',
    coordinating: 'Cơ quan phối hợp',
    reviewer: 'Cơ quan thẩm định',
    due: 'Hạn hoàn thành',
    progress: 'Tiến độ',
    source: 'Nguồn tiến độ',
    'source.manual': 'cơ quan chủ trì báo cáo',
    'source.children': 'tính từ nhiệm vụ con',
    'source.indicators': 'tính từ chỉ tiêu',
    estimate: 'Khối lượng ước tính',
    estimateDays: '{n} ngày làm việc',
    weight: 'Trọng số',
    myPart: 'Cơ quan tôi',
    none: 'Không có',
    dependencies: 'Phụ thuộc',
    blockedBy: 'Bị chặn bởi (phải xong trước)',
    blocks: 'Đang chặn (chờ nhiệm vụ này)',
    noBlockers: 'Không nhiệm vụ nào chặn nhiệm vụ này.',
    noBlocked: 'Nhiệm vụ này không chặn nhiệm vụ nào.',
    stillOpen: 'chưa xong',
    contributions: 'Phần việc phối hợp',
    noContributions: 'Không có cơ quan phối hợp.',
    completed: 'Đã hoàn thành {at}',
    open: 'Chưa hoàn thành',
    completeMine: 'Hoàn thành phần phối hợp của {agency}',
    completeTitle: 'Hoàn thành phần phối hợp',
    completeNote: 'Ghi chú (không bắt buộc)',
    completeDone: 'Đã ghi nhận {agency} hoàn thành phần phối hợp của nhiệm vụ {code}.',
    completeRefused: 'Không ghi nhận được phần phối hợp',
    rule: 'Quy tắc truy cập',
    draft: 'Bản nháp được giữ trong trình duyệt này cho đến khi gửi.',
    notNow: 'Để sau',
    indicators: 'Chỉ tiêu gắn với nhiệm vụ',
    baseline: 'Xuất phát',
    target: 'Mục tiêu',
    value: 'Hiện tại',
    subtasks: 'Nhiệm vụ con',
  },
  en: {
    loadFailed: 'The task could not be loaded',
    news: 'The task has just changed: {subject}. Reload to see it.',
    back: 'Task list',
    reload: 'Reload',
    task: 'Task {code}',
    details: 'Task details',
    code: 'Code',
    kind: 'Kind',
    parent: 'Under',
    state: 'State',
    lead: 'Lead agency',
    coordinating: 'Coordinating agencies',
    reviewer: 'Reviewing agency',
    due: 'Deadline',
    progress: 'Progress',
    source: 'Progress source',
    'source.manual': 'reported by the lead agency',
    'source.children': 'from the sub-tasks',
    'source.indicators': 'from the indicators',
    estimate: 'Estimated effort',
    estimateDays: '{n} working days',
    weight: 'Weight',
    myPart: 'My agency',
    none: 'None',
    dependencies: 'Dependencies',
    blockedBy: 'Blocked by (must finish first)',
    blocks: 'Blocks (waiting for this task)',
    noBlockers: 'No task blocks this one.',
    noBlocked: 'This task blocks no other.',
    stillOpen: 'not done',
    contributions: 'Coordinating contributions',
    noContributions: 'No coordinating agency.',
    completed: 'Completed {at}',
    open: 'Open',
    completeMine: 'Complete the contribution of {agency}',
    completeTitle: 'Complete the contribution',
    completeNote: 'Note (optional)',
    completeDone: "{agency}'s contribution to task {code} recorded as completed.",
    completeRefused: 'The contribution was not recorded',
    rule: 'Access rule',
    draft: 'The draft stays in this browser until it is sent.',
    notNow: 'Not now',
    indicators: "The task's indicators",
    baseline: 'Baseline',
    target: 'Target',
    value: 'Now',
    subtasks: 'Sub-tasks',
  },
};

const DONE_STATES: (TaskState | null)[] = ['APPROVED', 'CANCELLED'];
/** The notices of workflow steps: each carries the state the step led to. */
const STEP_NOTICES = ['task-assigned', 'task-submitted', 'task-returned', 'task-approved', 'task-cancelled'];

/** `/workspace/tasks/:code`: one task, its workflow steps, progress report, dependencies and history. */
export function TaskDetailScreen() {
  const { code = '' } = useParams();
  const t = useText(TEXT);
  const words = useTaskWords();
  const { language } = useLanguage();
  const localName = useLocalName();
  const agencyName = useAgencyName();
  const location = useLocation();
  const back = (location.state as { from?: string } | null)?.from ?? '/workspace/tasks';

  const { data, error, loading, reload } = useLoad(() => loadTaskPage(code), [code]);

  const task = data?.task.code === code || data?.task.id === code ? data.task : undefined;
  const title = task ? localName({ nameVi: task.titleVi, nameEn: task.titleEn, code: task.code }) : t('task', { code });
  const { arrivals } = useInboxLive();
  // Notices about this task that came after it was loaded, except a step's notice whose state the page shows
  // already (the person's own step, or one the reload after it has caught).
  const news = task
    ? arrivals.filter(
        (n) =>
          newerThan(n.id, data?.noticesSeen ?? '0') &&
          (n.data.taskId === task.id || n.data.code === task.code) &&
          !(STEP_NOTICES.includes(n.rule) && n.data.state === task.state),
      )
    : [];
  const openBlockers = task
    ? task.blockedBy.filter((c): c is string => !!c && !DONE_STATES.includes(data?.related.get(c)?.state ?? null))
    : [];

  return (
    <ScreenFrame
      name="task"
      title={title}
      loaded={!loading}
      extra={
        <Space wrap>
          <Link to={back} data-testid="task-back">
            <ArrowLeftOutlined /> {t('back')}
          </Link>
          <ReloadButton onClick={reload} loading={loading && !!data} />
        </Space>
      }
    >
      {error !== undefined && (
        <ErrorNotice error={error} title={describeError(error).status ? t('loadFailed') : undefined} />
      )}
      {news.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="task-news"
          title={t('news', { subject: news[0].subject })}
          action={
            <Button size="small" onClick={reload}>
              {t('reload')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {task && data && (
        <Row gutter={[16, 16]} data-testid="task-detail" data-code={task.code} data-state={task.state ?? ''}>
          <Col xs={24} lg={{ span: 8, order: 2 }}>
            <Flex vertical gap={16}>
              <Card size="small">
                <TaskSteps
                  task={task}
                  openBlockers={openBlockers}
                  cancelledFrom={data.cancelledFrom}
                  onChanged={reload}
                />
              </Card>
              <Card size="small">
                <Contributions task={task} onChanged={reload} />
              </Card>
              <Card size="small">
                <Dependencies task={task} related={data.related} />
              </Card>
            </Flex>
          </Col>
          <Col xs={24} lg={{ span: 16, order: 1 }}>
            <Flex vertical gap={16}>
              <Card size="small">
                <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
                  {t('details')}
                </Typography.Title>
                <Descriptions
                  size="small"
                  column={{ xs: 1, sm: 1, md: 2 }}
                  bordered
                  items={[
                    { key: 'code', label: t('code'), children: <code>{task.code}</code> },
                    { key: 'kind', label: t('kind'), children: words.kind(task.kind) },
                    { key: 'state', label: t('state'), children: <StateTag state={task.state} /> },
                    { key: 'parent', label: t('parent'), children: task.parentCode ?? '—' },
                    {
                      key: 'due',
                      label: t('due'),
                      children: (
                        <Space orientation="vertical" size={0}>
                          <span>{formatDate(language, task.dueDate)}</span>
                          <Typography.Text
                            type={isOverdue(task, data.today) ? 'danger' : undefined}
                            strong={isOverdue(task, data.today)}
                            data-testid="task-left"
                          >
                            {words.left(data.left, data.open, task.state)}
                          </Typography.Text>
                        </Space>
                      ),
                    },
                    {
                      key: 'progress',
                      label: t('progress'),
                      children: (
                        <>
                          <Progress
                            percent={Math.round(task.progressPercent)}
                            size="small"
                            aria-label={t('progress')}
                            status={task.state === 'CANCELLED' ? 'exception' : undefined}
                          />
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('source')}:{' '}
                            {['manual', 'children', 'indicators'].includes(task.progressSource)
                              ? t(`source.${task.progressSource as 'manual'}`)
                              : task.progressSource}
                          </Typography.Text>
                        </>
                      ),
                    },
                    {
                      key: 'lead',
                      label: t('lead'),
                      children: task.leadAgency ? `${agencyName(task.leadAgency)} (${task.leadAgency})` : '—',
                    },
                    {
                      key: 'reviewer',
                      label: t('reviewer'),
                      children: task.reviewerAgency
                        ? `${agencyName(task.reviewerAgency)} (${task.reviewerAgency})`
                        : '—',
                    },
                    {
                      key: 'coordinating',
                      label: t('coordinating'),
                      span: 'filled',
                      children: task.coordinatingAgencies.length
                        ? task.coordinatingAgencies.map((a) => `${agencyName(a)} (${a})`).join('; ')
                        : t('none'),
                    },
                    {
                      key: 'estimate',
                      label: t('estimate'),
                      children:
                        task.estimateWorkingDays === null ? '—' : t('estimateDays', { n: task.estimateWorkingDays }),
                    },
                    { key: 'weight', label: t('weight'), children: formatNumber(language, task.weight) },
                  ]}
                />
              </Card>
              {task.indicators.length > 0 && (
                <Card size="small">
                  <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
                    {t('indicators')}
                  </Typography.Title>
                  <List
                    size="small"
                    dataSource={task.indicators}
                    renderItem={(i) => (
                      <List.Item key={i.indicatorCode}>
                        <code>{i.indicatorCode}</code>
                        <span>
                          {t('baseline')} {formatNumber(language, i.baseline)} · {t('target')}{' '}
                          {formatNumber(language, i.target)} · {t('value')} {formatNumber(language, i.value)}
                        </span>
                      </List.Item>
                    )}
                  />
                </Card>
              )}
              {task.subtasks.length > 0 && (
                <Card size="small">
                  <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
                    {t('subtasks')}
                  </Typography.Title>
                  <List
                    size="small"
                    dataSource={task.subtasks}
                    renderItem={(s) => (
                      <List.Item key={s.code}>
                        <Link to={taskPath(s)} state={{ from: back }}>
                          <code>{s.code}</code> {localName({ nameVi: s.titleVi, nameEn: s.titleEn })}
                        </Link>
                        <StateTag state={s.state} />
                      </List.Item>
                    )}
                  />
                </Card>
              )}
              <Card size="small">
                <TaskProgressForm task={task} onChanged={reload} />
              </Card>
              <Card size="small">
                <TaskHistory entries={data.history} />
              </Card>
            </Flex>
          </Col>
        </Row>
      )}
      {!task && !loading && error === undefined && <Empty />}
    </ScreenFrame>
  );
}

function Dependencies({ task, related }: { task: TaskDetail; related: Map<string, TaskView> }) {
  const t = useText(TEXT);
  const localName = useLocalName();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const list = (codes: (string | undefined)[], testid: string, empty: string) => {
    const known = codes.filter((c): c is string => !!c);
    if (known.length === 0)
      return (
        <Typography.Paragraph type="secondary" data-testid={`${testid}-none`}>
          {empty}
        </Typography.Paragraph>
      );
    return (
      <ul style={{ paddingInlineStart: 20, margin: '0 0 8px' }}>
        {known.map((c) => {
          const node = related.get(c);
          return (
            <li key={c} data-testid={testid} data-code={c}>
              <Link to={taskPath({ id: node?.id, code: c })} state={{ from }}>
                <code>{c}</code> {node ? localName({ nameVi: node.titleVi, nameEn: node.titleEn }) : ''}
              </Link>{' '}
              {node && <StateTag state={node.state} />}
              {node && !DONE_STATES.includes(node.state) && testid === 'blocked-by' && (
                <Tag color={TAG.red} variant="solid">
                  {t('stillOpen')}
                </Tag>
              )}
            </li>
          );
        })}
      </ul>
    );
  };
  return (
    <section aria-labelledby="task-dependencies-title" data-testid="task-dependencies">
      <Typography.Title level={2} id="task-dependencies-title" style={{ fontSize: 16, marginTop: 0 }}>
        {t('dependencies')}
      </Typography.Title>
      <Typography.Title level={3} style={{ fontSize: 14 }}>
        {t('blockedBy')}
      </Typography.Title>
      {list(task.blockedBy, 'blocked-by', t('noBlockers'))}
      <Typography.Title level={3} style={{ fontSize: 14 }}>
        {t('blocks')}
      </Typography.Title>
      {list(task.blocks, 'blocks', t('noBlocked'))}
    </section>
  );
}

function Contributions({ task, onChanged }: { task: TaskDetail; onChanged: () => void }) {
  const t = useText(TEXT);
  const words = useTaskWords();
  const person = usePerson();
  const { language } = useLanguage();
  const agencyName = useAgencyName();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text?: string; error?: unknown } | undefined>();
  const mine = task.contributions.find((c) => c.agency === person.agency);
  const refusal = contributionRefusal(person, task);

  return (
    <section aria-labelledby="task-contributions-title" data-testid="task-contributions">
      <Typography.Title level={2} id="task-contributions-title" style={{ fontSize: 16, marginTop: 0 }}>
        {t('contributions')}
      </Typography.Title>
      {task.contributions.length === 0 && (
        <Typography.Paragraph type="secondary">{t('noContributions')}</Typography.Paragraph>
      )}
      <ul style={{ paddingInlineStart: 20, margin: '0 0 8px' }}>
        {task.contributions.map((c) => (
          <li
            key={c.agency}
            data-testid="contribution"
            data-agency={c.agency}
            data-done={c.completedAt ? 'true' : 'false'}
          >
            <span title={agencyName(c.agency)}>{c.agency}</span>{' '}
            {c.completedAt ? (
              <Tag color={TAG.green} variant="solid">
                {t('completed', { at: formatDateTime(language, c.completedAt) })}
              </Tag>
            ) : (
              <Tag color={TAG.orange} variant="solid">
                {t('open')}
              </Tag>
            )}
            {c.note && <div style={{ overflowWrap: 'anywhere' }}>{c.note}</div>}
          </li>
        ))}
      </ul>
      {mine && !mine.completedAt && (
        <>
          <Button
            block
            type="primary"
            disabled={!!refusal}
            data-testid="contribution-complete"
            aria-describedby={refusal ? 'contribution-why' : undefined}
            onClick={() => setOpen(true)}
          >
            {t('completeMine', { agency: person.agency })}
          </Button>
          {refusal && (
            <Typography.Paragraph
              id="contribution-why"
              type="secondary"
              style={{ margin: '4px 0 0', fontSize: 13 }}
              data-testid="contribution-reason"
              data-rule={refusal.kind === 'rule' ? refusal.rule : 'state'}
            >
              {words.refusal(refusal, person, task.state)}
              {refusal.kind === 'rule' && (
                <>
                  {' '}
                  {t('rule')}: <code>{refusal.rule}</code>
                </>
              )}
            </Typography.Paragraph>
          )}
        </>
      )}
      <div aria-live="polite" style={{ marginTop: 8 }}>
        {outcome?.ok && <Alert type="success" showIcon title={outcome.text} data-testid="contribution-result" />}
        {outcome && !outcome.ok && (
          <div data-testid="contribution-refusal">
            <ErrorNotice error={outcome.error} title={`${t('completeRefused')}${words.why(outcome.error)}`} />
          </div>
        )}
      </div>
      {open && (
        <ContributionDialog
          task={task}
          agency={person.agency}
          onClose={() => setOpen(false)}
          onOutcome={(next) => {
            setOutcome(next);
            setOpen(false);
            onChanged();
          }}
        />
      )}
    </section>
  );
}

function ContributionDialog({
  task,
  agency,
  onClose,
  onOutcome,
}: {
  task: TaskDetail;
  agency: string;
  onClose: () => void;
  onOutcome: (outcome: { ok: boolean; text?: string; error?: unknown }) => void;
}) {
  const t = useText(TEXT);
  const { message } = App.useApp();
  const [note, setNote, clearNote] = useDraft(`task:${task.code}:contribution-note`, '');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      await completeContribution(task.code, agency, note.trim());
      const text = t('completeDone', { agency, code: task.code });
      clearNote();
      void message.success(text);
      onOutcome({ ok: true, text });
    } catch (error) {
      onOutcome({ ok: false, error });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('completeTitle')}
      okText={t('completeTitle')}
      cancelText={t('notNow')}
      okButtonProps={{ 'data-testid': 'contribution-confirm' }}
      confirmLoading={busy}
      onOk={() => void send()}
      onCancel={onClose}
      destroyOnHidden
    >
      <label htmlFor="contribution-note">{t('completeNote')}</label>
      <Input.TextArea
        id="contribution-note"
        data-testid="contribution-note"
        value={note}
        maxLength={2000}
        showCount
        style={{ marginBottom: 16 }}
        autoSize={{ minRows: 2, maxRows: 6 }}
        onChange={(e) => setNote(e.target.value)}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4 }}>
        {t('draft')}
      </Typography.Paragraph>
    </Modal>
  );
}
