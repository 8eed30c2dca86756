import { CheckOutlined, DisconnectOutlined, ReloadOutlined, SettingOutlined, WifiOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, Segmented, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { describeError, ErrorNotice } from '../../common/errors';
import { formatDateTime } from '../../common/format';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { TAG } from '../../common/tag-colours';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage, useText } from '../../i18n/language';
import { type InboxItem, inboxPage, inboxTrail, markAllRead, markRead, newerThan } from './inbox-api';
import { markedRead, setUnread, useInboxLive } from './inbox-store';
import { isKnownKind, NOTICE_TEXT, readableBody, screenOf, SEVERITY_COLOURS } from './notice-words';

const TEXT: Dictionary<
  | 'title'
  | 'preferences'
  | 'show'
  | 'all'
  | 'unreadOnly'
  | 'order'
  | 'newest'
  | 'unreadFirst'
  | 'readAll'
  | 'readAllDone'
  | 'readAllNone'
  | 'readOne'
  | 'readOneDone'
  | 'open'
  | 'openTask'
  | 'unread'
  | 'new'
  | 'live'
  | 'offline'
  | 'connecting'
  | 'newer'
  | 'older'
  | 'page'
  | 'empty'
  | 'emptyUnread'
  | 'arrived'
  | 'arrivedElsewhere'
  | 'toFirst'
  | 'refused'
  | 'reload'
  | 'count'
  | 'unreadOnPage'
  | 'loadFailed'
> = {
  vi: {
    loadFailed: 'Không tải được hộp thư',
    title: 'Hộp thư',
    preferences: 'Tùy chọn thông báo',
    show: 'Hiển thị',
    all: 'Tất cả',
    unreadOnly: 'Chưa đọc',
    order: 'Thứ tự',
    newest: 'Mới nhất',
    unreadFirst: 'Chưa đọc trước',
    readAll: 'Đánh dấu tất cả đã đọc',
    readAllDone: 'Đã đánh dấu {n} thông báo là đã đọc.',
    readAllNone: 'Không còn thông báo chưa đọc.',
    readOne: 'Đánh dấu đã đọc',
    readOneDone: 'Đã đánh dấu đã đọc: {subject}',
    open: 'Mở',
    openTask: 'Xem nhiệm vụ',
    unread: 'Chưa đọc',
    new: 'Mới đến',
    live: 'Đang cập nhật trực tiếp',
    offline: 'Mất kết nối trực tiếp, đang thử lại',
    connecting: 'Đang kết nối…',
    newer: 'Mới hơn',
    older: 'Cũ hơn',
    page: 'Trang {n}',
    empty: 'Hộp thư trống.',
    emptyUnread: 'Không có thông báo chưa đọc.',
    arrived: 'Thông báo mới: {subject}',
    arrivedElsewhere: 'Có {n} thông báo mới ở trang đầu.',
    toFirst: 'Về trang đầu',
    refused: 'Không đánh dấu được',
    reload: 'Tải lại',
    count: '{n} chưa đọc',
    unreadOnPage: 'Trong trang này, thông báo chưa đọc được xếp lên trước.',
  },
  en: {
    loadFailed: 'The inbox could not be loaded',
    title: 'Inbox',
    preferences: 'Notification preferences',
    show: 'Show',
    all: 'All',
    unreadOnly: 'Unread',
    order: 'Order',
    newest: 'Newest first',
    unreadFirst: 'Unread first',
    readAll: 'Mark all read',
    readAllDone: '{n} notices marked read.',
    readAllNone: 'No unread notice left.',
    readOne: 'Mark read',
    readOneDone: 'Marked read: {subject}',
    open: 'Open',
    openTask: 'Open the task',
    unread: 'Unread',
    new: 'Just arrived',
    live: 'Live',
    offline: 'Live updates lost, retrying',
    connecting: 'Connecting…',
    newer: 'Newer',
    older: 'Older',
    page: 'Page {n}',
    empty: 'The inbox is empty.',
    emptyUnread: 'No unread notice.',
    arrived: 'New notice: {subject}',
    arrivedElsewhere: '{n} new notices on the first page.',
    toFirst: 'To the first page',
    refused: 'Not marked',
    reload: 'Reload',
    count: '{n} unread',
    unreadOnPage: 'On this page, unread notices come first.',
  },
};

const DEFAULTS = { show: '', order: '', at: '' };

/** `/inbox`: my notices, newest first, a page at a time; new ones arrive live; one or all marked read. */
export function InboxScreen() {
  const t = useText(TEXT);
  const k = useText(NOTICE_TEXT);
  const { language } = useLanguage();
  const { message } = App.useApp();
  const live = useInboxLive();
  const [filters, setFilters] = useSearchState(DEFAULTS);
  const unreadOnly = filters.show === 'unread';
  const trail = inboxTrail(filters.at);
  const { cursor } = trail;
  const [readHere, setReadHere] = useState<Record<string, string>>({});
  const [since] = useState(() => live.arrivals[0]?.id ?? '0');
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState<string | undefined>();

  const { data, error, loading, reload } = useLoad(async () => {
    const query = { cursor, unread: unreadOnly };
    const page = await inboxPage(query);
    setUnread(page.unreadCount);
    return page;
  }, [cursor, unreadOnly, live.resync]);

  const firstPage = trail.page === 1;
  const items = useMemo(() => {
    const loaded = data?.items ?? [];
    const top = loaded[0]?.id ?? '0';
    const fresh = firstPage ? live.arrivals.filter((a) => newerThan(a.id, top) && (!unreadOnly || !a.readAt)) : [];
    const all = [...fresh, ...loaded].map((n) => (readHere[n.id] && !n.readAt ? { ...n, readAt: readHere[n.id] } : n));
    return filters.order === 'unread' ? [...all].sort((a, b) => Number(!!a.readAt) - Number(!!b.readAt)) : all;
  }, [data, firstPage, live.arrivals, unreadOnly, readHere, filters.order]);
  const arrivedIds = new Set(live.arrivals.filter((a) => newerThan(a.id, since)).map((a) => a.id));
  const newElsewhere = firstPage ? 0 : arrivedIds.size;
  const latest = live.arrivals.find((a) => newerThan(a.id, since));

  const readOne = async (notice: InboxItem) => {
    setBusy(notice.id);
    setFailure(undefined);
    try {
      await markRead(notice.id);
      setReadHere((r) => ({ ...r, [notice.id]: new Date().toISOString() }));
      markedRead([notice.id]);
      if (!notice.readAt && live.unread !== undefined) setUnread(Math.max(0, live.unread - 1));
      void message.success(t('readOneDone', { subject: notice.subject }));
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(undefined);
    }
  };

  const readAll = async () => {
    setBusy('all');
    setFailure(undefined);
    const n = live.unread ?? 0;
    try {
      await markAllRead();
      const now = new Date().toISOString();
      setReadHere((r) => ({ ...r, ...Object.fromEntries(items.map((i) => [i.id, i.readAt ?? now])) }));
      markedRead(items.map((i) => i.id));
      setUnread(0);
      void message.success(n > 0 ? t('readAllDone', { n }) : t('readAllNone'));
      reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <ScreenFrame
      name="inbox"
      title={t('title')}
      loaded={!loading}
      extra={
        <Space wrap>
          <Tag
            data-testid="inbox-live"
            data-live={live.live ? 'true' : 'false'}
            variant="solid"
            color={live.live ? TAG.green : TAG.orange}
          >
            {live.live ? <WifiOutlined /> : <DisconnectOutlined />}{' '}
            {live.live ? t('live') : live.unread === undefined ? t('connecting') : t('offline')}
          </Tag>
          <Link to="/inbox/preferences">
            <SettingOutlined /> {t('preferences')}
          </Link>
        </Space>
      }
    >
      <div
        aria-live="polite"
        className="inbox-announce"
        style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
      >
        {latest ? t('arrived', { subject: latest.subject }) : ''}
      </div>
      <Flex wrap gap="small" align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Flex wrap gap="small" align="center">
          <Segmented
            aria-label={t('show')}
            value={unreadOnly ? 'unread' : ''}
            onChange={(show: string) => setFilters({ show, at: '' })}
            options={[
              { value: '', label: t('all') },
              { value: 'unread', label: t('unreadOnly') },
            ]}
            data-testid="inbox-filter"
          />
          <Segmented
            aria-label={t('order')}
            value={filters.order === 'unread' ? 'unread' : ''}
            onChange={(order: string) => setFilters({ order })}
            options={[
              { value: '', label: t('newest') },
              { value: 'unread', label: t('unreadFirst') },
            ]}
            data-testid="inbox-order"
          />
        </Flex>
        <Space wrap>
          {live.unread !== undefined && (
            <Typography.Text data-testid="inbox-unread-count" data-count={live.unread}>
              {t('count', { n: live.unread })}
            </Typography.Text>
          )}
          <Button
            icon={<CheckOutlined />}
            onClick={() => void readAll()}
            loading={busy === 'all'}
            disabled={live.unread === 0}
            data-testid="inbox-read-all"
          >
            {t('readAll')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('reload')} />
        </Space>
      </Flex>
      {filters.order === 'unread' && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('unreadOnPage')}
        </Typography.Paragraph>
      )}
      {newElsewhere > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="inbox-new-banner"
          title={t('arrivedElsewhere', { n: newElsewhere })}
          action={
            <Button size="small" onClick={() => setFilters({ at: '' })}>
              {t('toFirst')}
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      {error !== undefined && (
        <ErrorNotice error={error} title={describeError(error).status ? t('loadFailed') : undefined} />
      )}
      {failure !== undefined && (
        <div style={{ marginBottom: 12 }} data-testid="inbox-refusal">
          <ErrorNotice error={failure} title={t('refused')} />
        </div>
      )}
      {data && items.length === 0 && <Empty description={unreadOnly ? t('emptyUnread') : t('empty')} />}
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="inbox-list">
        {items.map((n) => {
          const target = screenOf(n);
          const unread = !n.readAt;
          return (
            <li
              key={n.id}
              data-testid="inbox-item"
              data-id={n.id}
              data-rule={n.rule}
              data-unread={unread ? 'true' : 'false'}
              data-new={arrivedIds.has(n.id) ? 'true' : 'false'}
              style={{
                padding: '10px 12px',
                marginBottom: 8,
                border: '1px solid #f0f0f0',
                borderInlineStart: `4px solid ${unread ? '#0b5cad' : '#f0f0f0'}`,
                borderRadius: 6,
                background: arrivedIds.has(n.id) && unread ? '#f0f7ff' : '#fff',
              }}
            >
              <Flex wrap gap={6} align="center" style={{ marginBottom: 4 }}>
                <Tag color={SEVERITY_COLOURS[n.severity]} variant={SEVERITY_COLOURS[n.severity] ? 'solid' : 'outlined'}>
                  {k(`severity.${n.severity}`) ?? n.severity}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {isKnownKind(n.rule) ? k(n.rule) : n.rule} · {formatDateTime(language, n.createdAt)}
                </Typography.Text>
                {unread && (
                  <Tag color={TAG.blue} variant="solid">
                    {t('unread')}
                  </Tag>
                )}
                {arrivedIds.has(n.id) && (
                  <Tag color={TAG.cyan} variant="solid">
                    {t('new')}
                  </Tag>
                )}
              </Flex>
              <Typography.Text strong={unread} style={{ display: 'block' }} data-testid="inbox-subject">
                {n.subject}
              </Typography.Text>
              <Typography.Paragraph type="secondary" style={{ margin: '2px 0 6px', overflowWrap: 'anywhere' }}>
                {readableBody(n.body)}
              </Typography.Paragraph>
              <Space wrap size="small">
                {target && (
                  <Link
                    to={target}
                    data-testid="inbox-open"
                    aria-label={`${target.startsWith('/workspace/tasks/') ? t('openTask') : t('open')}: ${n.subject}`}
                    onClick={() => {
                      if (unread)
                        void markRead(n.id).then(
                          () => {
                            markedRead([n.id]);
                            if (live.unread !== undefined) setUnread(Math.max(0, live.unread - 1));
                          },
                          () => undefined,
                        );
                    }}
                  >
                    {target.startsWith('/workspace/tasks/') ? t('openTask') : t('open')}
                  </Link>
                )}
                {unread && (
                  <Button
                    size="small"
                    onClick={() => void readOne(n)}
                    loading={busy === n.id}
                    data-testid="inbox-mark-read"
                    aria-label={`${t('readOne')}: ${n.subject}`}
                  >
                    {t('readOne')}
                  </Button>
                )}
              </Space>
            </li>
          );
        })}
      </ul>
      {data && (!firstPage || data.nextCursor) && (
        <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
          <Button disabled={firstPage} onClick={() => setFilters({ at: trail.back })} data-testid="inbox-newer">
            {t('newer')}
          </Button>
          <Typography.Text type="secondary">{t('page', { n: trail.page })}</Typography.Text>
          <Button
            disabled={!data.nextCursor}
            onClick={() => data.nextCursor && setFilters({ at: trail.forward(data.nextCursor) })}
            data-testid="inbox-older"
          >
            {t('older')}
          </Button>
        </Flex>
      )}
    </ScreenFrame>
  );
}
