import { DeleteOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Grid,
  Segmented,
  Spin,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useRef, useState } from 'react';
import { ApiError, download, upload } from '../../api/client';
import { usePerson } from '../../auth/session-context';
import { useDraft } from '../../common/drafts';
import { describeError, ErrorNotice } from '../../common/errors';
import { formatDateTime } from '../../common/format';
import { ScreenFrame } from '../../common/screen';
import { useSearchState } from '../../common/search-state';
import { rowAttributes } from '../../common/table';
import { type Dictionary, useLanguage } from '../../i18n/language';
import { addressPager, EmptyText, usePluralText } from './data-shared';

interface SheetRow {
  row: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  reason?: string;
  id: string;
}

interface UploadReport {
  accepted: number;
  duplicates: number;
  rejected: number;
  sheet: string;
  ignoredColumns: string[];
  rows: SheetRow[];
  message?: string;
}

/** The last upload's answer, kept in this browser so a reload still shows its rows. */
interface LastUpload {
  fileName: string;
  at: string;
  report: UploadReport;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_BYTES = 5 * 1024 * 1024;

const TEXT: Dictionary<
  | 'title'
  | 'step1'
  | 'step1Detail'
  | 'template'
  | 'downloaded'
  | 'step2'
  | 'drop'
  | 'dropHint'
  | 'uploading'
  | 'notXlsx'
  | 'tooBig'
  | 'file'
  | 'sheet'
  | 'accepted'
  | 'duplicates'
  | 'rejected'
  | 'ignored'
  | 'show'
  | 'all'
  | 'onlyRejected'
  | 'onlyAccepted'
  | 'row'
  | 'status'
  | 'reason'
  | 'eventId'
  | 'statusAccepted'
  | 'statusDuplicate'
  | 'statusRejected'
  | 'total'
  | 'noRows'
  | 'clear'
  | 'acceptedToast'
  | 'noneToast'
  | 'refusedToast'
  | 'deniedTitle'
  | 'deniedItem'
  | 'deniedMore'
  | 'result'
> = {
  vi: {
    title: 'Nhập số liệu từ Excel',
    step1: '1. Tải tệp mẫu',
    step1Detail:
      'Trang 1 “Số liệu - Values”: mỗi dòng một giá trị (mã chỉ tiêu, mã đơn vị, kỳ, giá trị hoặc tử số và mẫu số). Trang 2 là danh mục chỉ tiêu, trang 3 là cách ghi kỳ báo cáo.',
    template: 'Tải tệp mẫu (.xlsx)',
    downloaded: 'Đã tải xuống {name}.',
    step2: '2. Tải lên tệp đã điền',
    drop: 'Bấm hoặc kéo tệp .xlsx vào đây',
    dropHint: 'Tối đa 5 MB và 5.000 dòng. Tải lại cùng một tệp thì mỗi dòng chỉ được tính một lần.',
    uploading: 'Đang gửi và kiểm tra {name}…',
    notXlsx: 'Chỉ nhận tệp Excel .xlsx; “{name}” không phải.',
    tooBig: 'Tệp “{name}” lớn hơn 5 MB.',
    file: 'Tệp',
    sheet: 'Trang tính đã đọc',
    accepted: 'Dòng được nhận',
    duplicates: 'Dòng trùng (đã nhận trước đó)',
    rejected: 'Dòng bị từ chối',
    ignored: 'Các cột không được đọc: {columns}',
    show: 'Hiện',
    all: 'Tất cả',
    onlyRejected: 'Chỉ dòng lỗi',
    onlyAccepted: 'Chỉ dòng được nhận',
    row: 'Dòng',
    status: 'Kết quả',
    reason: 'Lỗi',
    eventId: 'Mã sự kiện',
    statusAccepted: 'Được nhận',
    statusDuplicate: 'Trùng',
    statusRejected: 'Bị từ chối',
    total: '{from}–{to} trong {n} dòng',
    noRows: 'Không có dòng nào.',
    clear: 'Xóa kết quả',
    acceptedToast: 'Đã nhận {n} dòng; {r} dòng bị từ chối.',
    noneToast: 'Không dòng nào được nhận: xem lỗi từng dòng.',
    refusedToast: 'Tệp không được nhận: {message}',
    deniedTitle: 'Các giá trị ngoài phạm vi báo cáo của cơ quan bạn (không dòng nào được nhận):',
    deniedItem: 'Giá trị thứ {n}: {reason}',
    deniedMore: '… tổng cộng {n} giá trị.',
    result: 'Kết quả tải lên',
  },
  en: {
    title: 'Excel upload',
    step1: '1. Download the template',
    step1Detail:
      'Sheet 1 “Số liệu - Values”: one row per value (indicator code, org unit code, period, value or numerator and denominator). Sheet 2 is the indicator catalogue, sheet 3 the period notation.',
    template: 'Download the template (.xlsx)',
    downloaded: '{name} downloaded.',
    step2: '2. Upload the filled file',
    drop: 'Click or drop an .xlsx file here',
    dropHint: 'Up to 5 MB and 5,000 rows. Uploading the same file again counts each row once.',
    uploading: 'Sending and checking {name}…',
    notXlsx: 'Only Excel .xlsx files are accepted; “{name}” is not one.',
    tooBig: '“{name}” is over 5 MB.',
    file: 'File',
    sheet: 'Sheet read',
    accepted: 'Rows accepted',
    duplicates: 'Duplicate rows (received before)',
    rejected: 'Rows refused',
    ignored: 'Columns not read: {columns}',
    show: 'Show',
    all: 'All',
    onlyRejected: 'Refused rows only',
    onlyAccepted: 'Accepted rows only',
    row: 'Row',
    status: 'Result',
    reason: 'Error',
    eventId: 'Event id',
    statusAccepted: 'Accepted',
    statusDuplicate: 'Duplicate',
    statusRejected: 'Refused',
    total: '{from}–{to} of {n} row{s}',
    noRows: 'No rows.',
    clear: 'Clear the result',
    acceptedToast: 'Accepted: {n} row{s}; refused: {r}.',
    noneToast: 'No row was accepted: see each row’s error.',
    refusedToast: 'The file was not accepted: {message}',
    deniedTitle: 'Values outside your agency’s reporting scope (no row was accepted):',
    deniedItem: 'Value no. {n}: {reason}',
    deniedMore: '… {n} values in all.',
    result: 'Upload result',
  },
};

/** The Excel template to download, and the filled file to upload, with each row's result against its number. */
export function UploadScreen() {
  const t = usePluralText(TEXT);
  const { language } = useLanguage();
  const person = usePerson();
  const { message } = App.useApp();
  const narrow = !(Grid.useBreakpoint().md ?? true);
  const [filters, setFilters] = useSearchState({ show: 'all', page: '1', size: '20' });
  const [last, setLast, clearLast] = useDraft<LastUpload | null>(`upload:${person.agency}:last`, null);
  const [sending, setSending] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const outcome = useRef<HTMLDivElement>(null);
  // The result lands below the drop zone: bring it into view (a phone shows only the drop zone).
  const showOutcome = () =>
    setTimeout(() => outcome.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);

  async function getTemplate() {
    setDownloading(true);
    try {
      const name = await download('indicators', '/v1/indicator-values/template.xlsx', undefined, 'dxhub-template.xlsx');
      void message.success(t('downloaded', { name }));
    } catch (failure) {
      setError(failure);
      void message.error(t('refusedToast', { message: describeError(failure).message }), 8);
    } finally {
      setDownloading(false);
    }
  }

  async function send(file: File) {
    setError(undefined);
    if (!/\.xlsx$/i.test(file.name)) {
      void message.error(t('notXlsx', { name: file.name }), 8);
      return;
    }
    if (file.size > MAX_BYTES) {
      void message.error(t('tooBig', { name: file.name }), 8);
      return;
    }
    const form = new FormData();
    // Some systems give an .xlsx no type; the service reads the declared one.
    form.append('file', file.type ? file : new File([file], file.name, { type: XLSX_TYPE }), file.name);
    setSending(file.name);
    try {
      const report = await upload<UploadReport>('indicators', '/v1/indicator-values/upload', form);
      setLast({ fileName: file.name, at: new Date().toISOString(), report });
      setFilters({ show: report.rejected > 0 ? 'rejected' : 'all', page: '1' });
      void message.success(t('acceptedToast', { n: report.accepted, r: report.rejected }));
    } catch (failure) {
      const body = failure instanceof ApiError ? (failure.body as unknown as Partial<UploadReport>) : undefined;
      if (failure instanceof ApiError && failure.status === 422 && Array.isArray(body?.rows)) {
        // Every row refused: the answer still says why, row by row.
        setLast({ fileName: file.name, at: new Date().toISOString(), report: body as UploadReport });
        setFilters({ show: 'rejected', page: '1' });
        void message.error(t('noneToast'), 8);
      } else {
        setLast(null);
        setError(failure);
        void message.error(t('refusedToast', { message: describeError(failure).message }), 8);
      }
    } finally {
      setSending(null);
      showOutcome();
    }
  }

  const report = last?.report;
  const rows = (report?.rows ?? []).filter((r) =>
    filters.show === 'rejected'
      ? r.status === 'rejected'
      : filters.show === 'accepted'
        ? r.status !== 'rejected'
        : true,
  );
  const statusTag = (status: SheetRow['status']) =>
    status === 'accepted' ? (
      <Tag color="green">{t('statusAccepted')}</Tag>
    ) : status === 'duplicate' ? (
      <Tag color="blue">{t('statusDuplicate')}</Tag>
    ) : (
      <Tag color="red">{t('statusRejected')}</Tag>
    );
  const columns: TableColumnsType<SheetRow> = [
    { title: t('row'), dataIndex: 'row', width: 72 },
    { title: t('status'), key: 'status', width: 120, render: (_, r) => statusTag(r.status) },
    {
      title: t('reason'),
      key: 'reason',
      render: (_, r) => (r.reason ? <Typography.Text type="danger">{r.reason}</Typography.Text> : '—'),
    },
    ...(narrow
      ? []
      : ([
          {
            title: t('eventId'),
            dataIndex: 'id',
            responsive: ['xl'],
            render: (id: string) => (
              <Typography.Text code style={{ fontSize: 12 }}>
                {id.length > 40 ? `${id.slice(0, 18)}…${id.slice(-18)}` : id}
              </Typography.Text>
            ),
          },
        ] satisfies TableColumnsType<SheetRow>)),
  ];
  const details = error instanceof ApiError ? (error.body.details as Record<string, unknown> | undefined) : undefined;
  const denied = Array.isArray(details?.denied) ? (details.denied as { index: number; reason: string }[]) : [];

  return (
    <ScreenFrame name="upload" title={t('title')} loaded>
      <Flex vertical gap="middle">
        <Card
          size="small"
          title={
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {t('step1')}
            </Typography.Title>
          }
        >
          <Typography.Paragraph>{t('step1Detail')}</Typography.Paragraph>
          <Button
            icon={<DownloadOutlined />}
            loading={downloading}
            onClick={() => void getTemplate()}
            data-testid="template-download"
          >
            {t('template')}
          </Button>
        </Card>
        <Card
          size="small"
          title={
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {t('step2')}
            </Typography.Title>
          }
        >
          <Spin spinning={sending !== null} description={sending ? t('uploading', { name: sending }) : undefined}>
            <div data-testid="upload-dropzone">
              <Upload.Dragger
                accept={`.xlsx,${XLSX_TYPE}`}
                multiple={false}
                showUploadList={false}
                disabled={sending !== null}
                beforeUpload={(file) => {
                  void send(file);
                  return Upload.LIST_IGNORE;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('drop')}</p>
                <p className="ant-upload-hint">{t('dropHint')}</p>
              </Upload.Dragger>
            </div>
          </Spin>
        </Card>
        <div ref={outcome} style={{ scrollMarginTop: 8 }} />
        {error !== undefined && (
          <div data-testid="upload-error">
            <ErrorNotice error={error} />
            {denied.length > 0 && (
              <Alert
                type="warning"
                style={{ marginTop: 8 }}
                title={t('deniedTitle')}
                description={
                  <ul style={{ paddingInlineStart: 20, margin: 0 }}>
                    {denied.map((d) => (
                      <li key={d.index}>{t('deniedItem', { n: d.index + 1, reason: d.reason })}</li>
                    ))}
                    {typeof details?.deniedCount === 'number' && details.deniedCount > denied.length && (
                      <li>{t('deniedMore', { n: details.deniedCount })}</li>
                    )}
                  </ul>
                }
              />
            )}
          </div>
        )}
        {last && report && (
          <Card
            size="small"
            data-testid="upload-result"
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {t('result')}
              </Typography.Title>
            }
            extra={
              <Button size="small" icon={<DeleteOutlined />} onClick={clearLast}>
                {narrow ? null : t('clear')}
              </Button>
            }
          >
            <Typography.Paragraph type="secondary">
              {t('file')}: <Typography.Text strong>{last.fileName}</Typography.Text> ·{' '}
              {formatDateTime(language, last.at)}
              {report.sheet ? ` · ${t('sheet')}: ${report.sheet}` : ''}
            </Typography.Paragraph>
            <Flex gap="large" wrap style={{ marginBottom: 12 }} data-testid="upload-summary">
              <Statistic
                title={t('accepted')}
                value={report.accepted}
                styles={{ content: { color: '#237804' } }}
                data-testid="upload-accepted"
                data-count={String(report.accepted)}
              />
              <Statistic
                title={t('duplicates')}
                value={report.duplicates}
                data-testid="upload-duplicates"
                data-count={String(report.duplicates)}
              />
              <Statistic
                title={t('rejected')}
                value={report.rejected}
                styles={{ content: { color: report.rejected > 0 ? '#a8071a' : undefined } }}
                data-testid="upload-rejected"
                data-count={String(report.rejected)}
              />
            </Flex>
            {report.ignoredColumns.length > 0 && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('ignored', { columns: report.ignoredColumns.join(', ') })}
              />
            )}
            <Flex gap="small" align="center" wrap style={{ marginBottom: 8 }}>
              <Typography.Text id="upload-show">{t('show')}:</Typography.Text>
              <Segmented
                aria-labelledby="upload-show"
                value={filters.show}
                onChange={(v) => setFilters({ show: String(v), page: '1' })}
                options={[
                  { value: 'all', label: `${t('all')} (${report.rows.length})` },
                  { value: 'rejected', label: `${t('onlyRejected')} (${report.rejected})` },
                  { value: 'accepted', label: `${t('onlyAccepted')} (${report.accepted + report.duplicates})` },
                ]}
              />
            </Flex>
            <Table<SheetRow>
              rowKey="row"
              size="small"
              dataSource={rows}
              columns={columns}
              onRow={(r) => rowAttributes({ 'data-testid': `upload-row-${r.row}`, 'data-status': r.status })}
              locale={{ emptyText: <EmptyText text={t('noRows')} /> }}
              pagination={addressPager(filters, rows.length, {
                narrow,
                totalText: (n, [from, to]) => t('total', { from, to, n }),
                update: setFilters,
              })}
            />
          </Card>
        )}
      </Flex>
    </ScreenFrame>
  );
}
