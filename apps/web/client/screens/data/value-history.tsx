import { Table, Tag, Typography } from 'antd';
import { useId } from 'react';
import { get } from '../../api/client';
import { ErrorNotice } from '../../common/errors';
import { formatDateTime } from '../../common/format';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage, useText } from '../../i18n/language';
import { CellValue, type Indicator } from './data-shared';

/** GET /v1/indicator-values/history: every accepted report of one cell, newest first. */
export interface HistoryEntry {
  eventId: string;
  agencyCode: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  reportedAt: string;
  receivedAt: string;
  channel: string;
  current: boolean;
  replaces: string | null;
  arrivedLate: boolean;
}

export interface CellHistory {
  indicator: string;
  orgUnit: { code: string; nameVi: string; validFrom: string | null; validTo: string | null };
  period: string;
  data: HistoryEntry[];
  nextCursor: string | null;
}

export function loadHistory(cell: { indicatorCode: string; orgUnitCode: string; period: string }, limit = 20) {
  return get<CellHistory>('indicators', '/v1/indicator-values/history', {
    indicator: cell.indicatorCode,
    orgUnit: cell.orgUnitCode,
    period: cell.period,
    limit,
  });
}

const TEXT: Dictionary<
  'title' | 'reportedAt' | 'receivedAt' | 'value' | 'agency' | 'channel' | 'current' | 'late' | 'event' | 'more'
> = {
  vi: {
    title: 'Các lần báo cáo của ô số liệu này',
    reportedAt: 'Thời điểm báo cáo',
    receivedAt: 'Nhận lúc',
    value: 'Giá trị',
    agency: 'Cơ quan',
    channel: 'Kênh',
    current: 'Đang dùng',
    late: 'Đến muộn, không được tính',
    event: 'Mã sự kiện',
    more: 'Chỉ hiện {n} lần báo cáo gần nhất.',
  },
  en: {
    title: 'Reports of this cell',
    reportedAt: 'Reported at',
    receivedAt: 'Received',
    value: 'Value',
    agency: 'Agency',
    channel: 'Channel',
    current: 'Current',
    late: 'Arrived late, never counted',
    event: 'Event id',
    more: 'Only the latest {n} reports are shown.',
  },
};

/** Who reported what for a cell, and which report counts now (the value being approved or corrected). */
export function ValueHistory({
  cell,
  indicator,
  version = 0,
}: {
  cell: { indicatorCode: string; orgUnitCode: string; period: string };
  indicator: Indicator | undefined;
  /** Changed by the caller after it sent a report for the cell: the history is read again. */
  version?: number;
}) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const titleId = `history-${useId()}`;
  const { data, error, loading } = useLoad(
    () => loadHistory(cell),
    [cell.indicatorCode, cell.orgUnitCode, cell.period, version],
  );
  if (error) return <ErrorNotice error={error} />;
  return (
    <div data-testid="value-history">
      <Typography.Text strong id={titleId}>
        {t('title')}
      </Typography.Text>
      {/* Its own scroll box, reachable by keyboard, so a narrow screen can scroll the columns. */}
      <div role="region" aria-labelledby={titleId} tabIndex={0} style={{ overflowX: 'auto' }}>
        <Table<HistoryEntry>
          size="small"
          loading={loading}
          rowKey="eventId"
          pagination={false}
          dataSource={data?.data ?? []}
          columns={[
            {
              title: t('reportedAt'),
              key: 'reportedAt',
              render: (_, e) => (
                <>
                  {formatDateTime(language, e.reportedAt)} {e.current && <Tag color="blue">{t('current')}</Tag>}
                  {e.arrivedLate && <Tag>{t('late')}</Tag>}
                </>
              ),
            },
            {
              title: t('value'),
              key: 'value',
              render: (_, e) => (
                <CellValue value={e.value} numerator={e.numerator} denominator={e.denominator} indicator={indicator} />
              ),
            },
            { title: t('agency'), dataIndex: 'agencyCode' },
            { title: t('receivedAt'), key: 'receivedAt', render: (_, e) => formatDateTime(language, e.receivedAt) },
            { title: t('channel'), dataIndex: 'channel', responsive: ['md'] },
            {
              title: t('event'),
              dataIndex: 'eventId',
              responsive: ['lg'],
              render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
            },
          ]}
        />
      </div>
      {data?.nextCursor && <Typography.Text type="secondary">{t('more', { n: data.data.length })}</Typography.Text>}
    </div>
  );
}
