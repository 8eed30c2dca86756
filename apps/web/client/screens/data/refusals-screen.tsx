import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Flex,
  Form,
  Grid,
  Segmented,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import type { Service } from '../../api/client';
import { usePerson } from '../../auth/session-context';
import { ErrorNotice } from '../../common/errors';
import { formatDateTime } from '../../common/format';
import { ReloadButton } from '../../common/reload-button';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { cursorTrail, rowAttributes } from '../../common/table';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage, useLocalName, useText } from '../../i18n/language';
import { loadRefusals, type Rejection, REFUSAL_FILTERS, seesEveryAgency } from './data-loads';
import { EmptyText, FilterPanel, FilterSelect, loadCatalogue } from './data-shared';

/** GET /v1/rejections of the indicators and the tasks services (libs/messaging: one shape for both). */
const REASON_CODES = [
  'body-empty',
  'body-too-large',
  'body-not-utf8',
  'body-not-json',
  'json-too-deep',
  'json-forbidden-key',
  'headers-invalid',
  'not-a-cloudevent',
  'unsupported-content-type',
  'unsupported-specversion',
  'missing-attribute',
  'invalid-attribute',
  'invalid-time',
  'time-in-future',
  'time-too-old',
  'type-not-accepted',
  'payload-invalid',
  'source-mismatch',
  'refused',
  'processing-failed',
  'retries-exhausted',
] as const;
type ReasonCode = (typeof REASON_CODES)[number];

const REASONS: Dictionary<ReasonCode> = {
  vi: {
    'body-empty': 'Nội dung rỗng',
    'body-too-large': 'Nội dung quá lớn',
    'body-not-utf8': 'Không phải văn bản UTF-8',
    'body-not-json': 'Không phải JSON',
    'json-too-deep': 'JSON lồng quá sâu',
    'json-forbidden-key': 'JSON có khóa không được phép',
    'headers-invalid': 'Tiêu đề bản tin không hợp lệ',
    'not-a-cloudevent': 'Không phải CloudEvent',
    'unsupported-content-type': 'Kiểu nội dung không hỗ trợ',
    'unsupported-specversion': 'Phiên bản CloudEvents không hỗ trợ',
    'missing-attribute': 'Thiếu thuộc tính',
    'invalid-attribute': 'Thuộc tính không hợp lệ',
    'invalid-time': 'Thời gian không hợp lệ',
    'time-in-future': 'Thời gian ở tương lai',
    'time-too-old': 'Thời gian quá cũ',
    'type-not-accepted': 'Loại sự kiện không được nhận',
    'payload-invalid': 'Dữ liệu không hợp lệ',
    'source-mismatch': 'Nguồn không khớp cơ quan',
    refused: 'Bị từ chối theo quy tắc',
    'processing-failed': 'Xử lý thất bại',
    'retries-exhausted': 'Đã hết số lần thử lại',
  },
  en: {
    'body-empty': 'Empty body',
    'body-too-large': 'Body too large',
    'body-not-utf8': 'Body not UTF-8',
    'body-not-json': 'Body not JSON',
    'json-too-deep': 'JSON nested too deep',
    'json-forbidden-key': 'Forbidden JSON key',
    'headers-invalid': 'Invalid headers',
    'not-a-cloudevent': 'Not a CloudEvent',
    'unsupported-content-type': 'Unsupported content type',
    'unsupported-specversion': 'Unsupported CloudEvents version',
    'missing-attribute': 'Missing attribute',
    'invalid-attribute': 'Invalid attribute',
    'invalid-time': 'Invalid time',
    'time-in-future': 'Time in the future',
    'time-too-old': 'Time too old',
    'type-not-accepted': 'Event type not accepted',
    'payload-invalid': 'Invalid payload',
    'source-mismatch': 'Source does not match the agency',
    refused: 'Refused by a rule',
    'processing-failed': 'Processing failed',
    'retries-exhausted': 'Retries exhausted',
  },
};

const TEXT: Dictionary<
  | 'title'
  | 'service'
  | 'indicators'
  | 'tasks'
  | 'reasonCode'
  | 'dates'
  | 'agency'
  | 'mine'
  | 'time'
  | 'reason'
  | 'event'
  | 'source'
  | 'channelKafka'
  | 'channelRest'
  | 'channelXlsx'
  | 'partition'
  | 'empty'
  | 'prev'
  | 'next'
  | 'page'
  | 'perPage'
  | 'unreadable'
> = {
  vi: {
    title: 'Sự kiện bị từ chối',
    service: 'Dịch vụ',
    indicators: 'Số liệu chỉ tiêu',
    tasks: 'Nhiệm vụ',
    reasonCode: 'Loại lỗi',
    dates: 'Thời gian từ chối',
    agency: 'Cơ quan',
    mine: 'Cơ quan của tôi ({code})',
    time: 'Từ chối lúc',
    reason: 'Lý do',
    event: 'Sự kiện',
    source: 'Nguồn',
    channelKafka: 'Kafka',
    channelRest: 'REST API',
    channelXlsx: 'Tệp Excel',
    partition: 'phân vùng {p}, vị trí {o}',
    empty: 'Không có sự kiện nào bị từ chối.',
    prev: 'Trang trước',
    next: 'Trang sau',
    page: 'Trang {n}',
    perPage: '{n} / trang',
    unreadable: '(không đọc được)',
  },
  en: {
    title: 'Refused events',
    service: 'Service',
    indicators: 'Indicator values',
    tasks: 'Tasks',
    reasonCode: 'Error kind',
    dates: 'Refused between',
    agency: 'Agency',
    mine: 'My agency ({code})',
    time: 'Refused',
    reason: 'Reason',
    event: 'Event',
    source: 'Source',
    channelKafka: 'Kafka',
    channelRest: 'REST API',
    channelXlsx: 'Excel file',
    partition: 'partition {p}, offset {o}',
    empty: 'No refused events.',
    prev: 'Previous page',
    next: 'Next page',
    page: 'Page {n}',
    perPage: '{n} / page',
    unreadable: '(unreadable)',
  },
};

/**
 * The events of the person's agency that a service refused (dead letters from its Kafka topics, refused REST
 * values and spreadsheet rows), newest first, a keyset page at a time: the cursors of the pages walked so far
 * are in the address, so a reload shows the same page and the back button steps back through them.
 */
export function RefusalsScreen() {
  const t = useText(TEXT);
  const r = useText(REASONS);
  const { language } = useLanguage();
  const localName = useLocalName();
  const person = usePerson();
  const narrow = !(Grid.useBreakpoint().md ?? true);
  const anyAgency = seesEveryAgency(person);
  const [filters, setFilters] = useSearchState(REFUSAL_FILTERS);
  const service: Service = filters.service === 'tasks' ? 'tasks' : 'indicators';
  const trail = cursorTrail(filters.pages);
  const { data, error, loading, reload } = useLoad(
    () => loadRefusals(filters, anyAgency),
    [service, filters.agency, filters.reason, filters.from, filters.to, filters.size, filters.pages, anyAgency],
  );
  const agencies = useLoad(() => (anyAgency ? loadCatalogue() : Promise.resolve(undefined)), [anyAgency]);
  const setFilter = (changes: Partial<typeof filters>) => setFilters({ ...changes, pages: '' });

  const channel = (c: Rejection['channel']) =>
    c === 'kafka' ? t('channelKafka') : c === 'rest' ? t('channelRest') : t('channelXlsx');
  const reasonLabel = (code: string) =>
    (REASON_CODES as readonly string[]).includes(code) ? r(code as ReasonCode) : code;
  const columns: TableColumnsType<Rejection> = [
    {
      title: t('time'),
      key: 'time',
      width: narrow ? undefined : 170,
      render: (_, x) => formatDateTime(language, x.rejectedAt),
    },
    {
      title: t('reason'),
      key: 'reason',
      render: (_, x) => (
        <div style={{ maxWidth: 440 }}>
          <Tag color="red">{reasonLabel(x.reasonCode)}</Tag>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {x.reasonCode}
          </Typography.Text>
          <div>{x.reason}</div>
          {narrow && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {x.eventId ?? t('unreadable')} · {x.topic ?? channel(x.channel)}
            </Typography.Text>
          )}
        </div>
      ),
    },
    ...(narrow
      ? []
      : ([
          {
            title: t('event'),
            key: 'event',
            render: (_, x) => (
              <>
                {x.eventId ? (
                  <Typography.Text code copyable>
                    {x.eventId}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">{t('unreadable')}</Typography.Text>
                )}
                {x.eventType && (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {x.eventType}
                    </Typography.Text>
                  </div>
                )}
              </>
            ),
          },
          {
            title: t('source'),
            key: 'source',
            render: (_, x) => (
              <>
                <Tag>{channel(x.channel)}</Tag>
                {x.topic && <div style={{ fontSize: 12, overflowWrap: 'anywhere', maxWidth: 200 }}>{x.topic}</div>}
                {x.partition !== null && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('partition', { p: x.partition, o: x.offset ?? '—' })}
                  </Typography.Text>
                )}
              </>
            ),
          },
        ] satisfies TableColumnsType<Rejection>)),
  ];

  const agencyOptions = [...(agencies.data?.agencies.values() ?? [])].map((a) => ({
    value: a.code,
    label: `${localName(a)} (${a.code})`,
  }));
  const filterWidth = narrow ? '100%' : 220;
  return (
    <ScreenFrame
      name="refusals"
      title={t('title')}
      loaded={data !== undefined || error !== undefined}
      extra={<ReloadButton onClick={reload} loading={loading && data !== undefined} />}
    >
      <Flex gap="small" align="center" wrap style={{ marginBottom: 8 }}>
        <Typography.Text id="refusals-service-label">{t('service')}:</Typography.Text>
        <Segmented
          aria-labelledby="refusals-service-label"
          data-testid="refusals-service"
          value={service}
          onChange={(v) => setFilter({ service: String(v) })}
          options={[
            { value: 'indicators', label: t('indicators') },
            { value: 'tasks', label: t('tasks') },
          ]}
        />
      </Flex>
      <FilterPanel
        narrow={narrow}
        active={[filters.reason, filters.from || filters.to, filters.agency].filter(Boolean).length}
      >
        <FilterSelect
          id="refusals-reason"
          testId="filter-reason"
          label={t('reasonCode')}
          width={filterWidth}
          value={filters.reason}
          options={REASON_CODES.map((code) => ({ value: code, label: `${r(code)} (${code})` }))}
          onChange={(reason) => setFilter({ reason })}
          wideMenu
        />
        <Form.Item label={t('dates')} htmlFor="refusals-dates" style={{ width: narrow ? '100%' : 280, margin: 0 }}>
          <DatePicker.RangePicker
            id={{ start: 'refusals-dates' }}
            style={{ width: '100%' }}
            format="DD/MM/YYYY"
            allowEmpty={[true, true]}
            value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
            onChange={(range) =>
              setFilter({
                from: range?.[0]?.format('YYYY-MM-DD') ?? '',
                to: range?.[1]?.format('YYYY-MM-DD') ?? '',
              })
            }
          />
        </Form.Item>
        {anyAgency && (
          <FilterSelect
            id="refusals-agency"
            testId="filter-agency"
            label={t('agency')}
            width={filterWidth}
            value={filters.agency}
            options={agencyOptions}
            onChange={(agency) => setFilter({ agency })}
            placeholder={t('mine', { code: person.agency })}
            wideMenu
          />
        )}
      </FilterPanel>
      {error !== undefined && <ErrorNotice error={error} />}
      <Table<Rejection>
        rowKey="id"
        size={narrow ? 'small' : 'middle'}
        tableLayout={narrow ? 'fixed' : undefined}
        loading={loading}
        dataSource={data?.items ?? []}
        columns={columns}
        onRow={(x) => rowAttributes({ 'data-testid': `refusal-row-${x.id}`, 'data-event-id': x.eventId ?? '' })}
        locale={{ emptyText: <EmptyText text={t('empty')} /> }}
        pagination={false}
      />
      <Flex gap="small" justify="end" align="center" wrap style={{ marginTop: 12 }}>
        <Typography.Text data-testid="refusals-page">{t('page', { n: trail.page })}</Typography.Text>
        <Button
          icon={<LeftOutlined />}
          disabled={trail.page === 1 || loading}
          onClick={() => setFilters({ pages: trail.back })}
          data-testid="refusals-prev"
        >
          {t('prev')}
        </Button>
        <Button
          icon={<RightOutlined />}
          iconPlacement="end"
          disabled={!data?.nextCursor || loading}
          onClick={() => data?.nextCursor && setFilters({ pages: trail.forward(data.nextCursor) })}
          data-testid="refusals-next"
        >
          {t('next')}
        </Button>
        <Select
          aria-label={t('perPage', { n: filters.size })}
          value={filters.size}
          onChange={(v: string) => setFilter({ size: v })}
          options={['20', '50', '100'].map((n) => ({ value: n, label: t('perPage', { n }) }))}
          style={{ width: 120 }}
        />
      </Flex>
    </ScreenFrame>
  );
}
