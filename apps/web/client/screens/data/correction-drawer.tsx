import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Flex, Form, Grid, Input, Result, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, get, post } from '../../api/client';
import { usePerson } from '../../auth/session-context';
import { useDraft } from '../../common/drafts';
import { describeError, ErrorNotice } from '../../common/errors';
import { formatDate, formatDateTime, formatNumber } from '../../common/format';
import { periodLabel } from '../../common/periods';
import { useUnitWords } from '../../common/units';
import { useLoad } from '../../common/use-load';
import { type Dictionary, useLanguage, useLocalName, useText } from '../../i18n/language';
import { type Catalogue, CellValue, parseCellKey } from './data-shared';
import { ValueHistory } from './value-history';

/** A returned value as the returned-values screen lists it. */
export interface ReturnedValue {
  indicatorCode: string;
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  value: string | number | null;
  numerator: string | number | null;
  denominator: string | number | null;
  /** The report that was returned. */
  reportId: string | null;
  reason: string;
  returnedBy: string | null;
  returnedAt: string | null;
}

interface PeriodLock {
  closed: boolean;
  acceptsReports: boolean;
  lastReportingDay: string | null;
  openUntil: string | null;
  closingRule: string | null;
  manualLock: { reason: string; agency: string; lockedAt: string } | null;
}

interface ValueResult {
  index: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  reason?: string;
  id: string | null;
}

interface ValuesReport {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: ValueResult[];
}

type Outcome = { status: 'accepted' | 'duplicate' } | { status: 'refused'; error: unknown; reason?: string };

const TEXT: Dictionary<
  | 'title'
  | 'badKey'
  | 'indicator'
  | 'orgUnit'
  | 'period'
  | 'returnedValue'
  | 'returnedBy'
  | 'reason'
  | 'notListed'
  | 'periodClosed'
  | 'periodLockedByHand'
  | 'periodReopened'
  | 'newValue'
  | 'numerator'
  | 'denominator'
  | 'numberHelp'
  | 'notANumber'
  | 'negative'
  | 'zeroDenominator'
  | 'preview'
  | 'outOfBounds'
  | 'draftKept'
  | 'submit'
  | 'close'
  | 'accepted'
  | 'acceptedDetail'
  | 'duplicate'
  | 'duplicateDetail'
  | 'refused'
  | 'acceptedToast'
  | 'refusedToast'
> = {
  vi: {
    title: 'Sửa số liệu bị trả lại',
    badKey: 'Địa chỉ không chỉ rõ ô số liệu (chỉ tiêu-đơn vị-kỳ).',
    indicator: 'Chỉ tiêu',
    orgUnit: 'Đơn vị',
    period: 'Kỳ',
    returnedValue: 'Giá trị bị trả lại',
    returnedBy: 'Trả lại bởi',
    reason: 'Lý do trả lại',
    notListed: 'Ô số liệu này không có trong danh sách bị trả lại; bạn vẫn có thể gửi giá trị mới cho nó.',
    periodClosed:
      'Kỳ {period} đã khóa nhận báo cáo (ngày cuối: {day}). Giá trị gửi lúc này sẽ bị từ chối; văn phòng chương trình có thể mở lại kỳ.',
    periodLockedByHand:
      'Kỳ {period} đã bị văn phòng chương trình ({agency}) khóa lúc {at}. Giá trị gửi lúc này sẽ bị từ chối; văn phòng chương trình có thể mở lại kỳ.',
    periodReopened: 'Kỳ {period} được mở lại tới {until}.',
    newValue: 'Giá trị đúng',
    numerator: 'Tử số: {what}',
    denominator: 'Mẫu số: {what}',
    numberHelp: 'Nhập số, không dùng dấu phân cách hàng nghìn; phần thập phân sau dấu phẩy hoặc dấu chấm.',
    notANumber: 'Hãy nhập một số (ví dụ 1250 hoặc 12,5).',
    negative: 'Tử số không được âm.',
    zeroDenominator: 'Mẫu số phải lớn hơn 0.',
    preview: 'Tỷ lệ sau khi sửa: {ratio}',
    outOfBounds: 'Ngoài khoảng hợp lệ của chỉ tiêu ({min} – {max}); dịch vụ có thể từ chối.',
    draftKept: 'Nội dung đang nhập được lưu trên trình duyệt này cho tới khi gửi.',
    submit: 'Gửi giá trị đã sửa',
    close: 'Đóng',
    accepted: 'Đã gửi giá trị đã sửa',
    acceptedDetail: 'Giá trị mới đang chờ phê duyệt lại.',
    duplicate: 'Giá trị này đã được gửi trước đó',
    duplicateDetail: 'Không có gì thay đổi: đúng giá trị này đã được nhận từ trước.',
    refused: 'Giá trị sửa không được chấp nhận',
    acceptedToast: 'Đã gửi giá trị sửa; đang chờ phê duyệt lại.',
    refusedToast: 'Không gửi được: {message}',
  },
  en: {
    title: 'Correct a returned value',
    badKey: 'The address does not name a cell (indicator-org unit-period).',
    indicator: 'Indicator',
    orgUnit: 'Org unit',
    period: 'Period',
    returnedValue: 'Returned value',
    returnedBy: 'Returned by',
    reason: 'Reason given',
    notListed: 'This cell is not among the returned values; you can still send it a new value.',
    periodClosed:
      'Period {period} is closed for reports (last day: {day}). A value sent now is refused; the programme office can re-open the period.',
    periodLockedByHand:
      'Period {period} was locked by the programme office ({agency}) at {at}. A value sent now is refused; the programme office can re-open the period.',
    periodReopened: 'Period {period} is re-opened until {until}.',
    newValue: 'Correct value',
    numerator: 'Numerator: {what}',
    denominator: 'Denominator: {what}',
    numberHelp: 'Enter a number without thousands separators; decimals after a comma or a point.',
    notANumber: 'Enter a number (e.g. 1250 or 12.5).',
    negative: 'The numerator cannot be negative.',
    zeroDenominator: 'The denominator must be above 0.',
    preview: 'Ratio once corrected: {ratio}',
    outOfBounds: 'Outside the indicator’s valid range ({min} – {max}); the service may refuse it.',
    draftKept: 'What you type is kept in this browser until it is sent.',
    submit: 'Send the corrected value',
    close: 'Close',
    accepted: 'Corrected value sent',
    acceptedDetail: 'The new value awaits approval again.',
    duplicate: 'This value was sent before',
    duplicateDetail: 'Nothing changed: exactly this value had already been received.',
    refused: 'The corrected value was not accepted',
    acceptedToast: 'Corrected value sent; it awaits approval again.',
    refusedToast: 'Not sent: {message}',
  },
};

/** A number as typed (`12,5`, `1250`, `-3.75`) to the decimal text the service reads, or undefined. */
function parseNumber(text: string): string | undefined {
  const trimmed = text.trim().replace(/\s/g, '');
  return /^-?\d+(?:[.,]\d+)?$/.test(trimmed) ? trimmed.replace(',', '.') : undefined;
}

/**
 * The form that sends a corrected value for a cell (POST /v1/indicator-values, the REST report), with what was
 * returned and why, whether its period still takes reports, and the cell's reports so far. What is typed is a
 * draft kept per cell until it is sent.
 */
export function CorrectionDrawer({
  keyOfCell,
  item: listed,
  catalogue,
  onClose,
  onCorrected,
}: {
  keyOfCell: string;
  item: ReturnedValue | undefined;
  catalogue: Catalogue | undefined;
  onClose: () => void;
  onCorrected: () => void;
}) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const localName = useLocalName();
  const unitWords = useUnitWords();
  const person = usePerson();
  const { message } = App.useApp();
  const narrow = !(Grid.useBreakpoint().md ?? true);
  // As listed when the drawer opened: once corrected, the value leaves the list but the drawer still says what it was.
  const [item] = useState(listed);
  const cell = parseCellKey(keyOfCell);
  const indicator = cell ? catalogue?.indicators.get(cell.indicatorCode) : undefined;
  const ratio = item ? item.numerator !== null : indicator?.aggregation === 'RATIO';
  const draftKey = `correct:${person.agency}:${keyOfCell}`;
  const [value, setValue, clearValue] = useDraft(`${draftKey}:value`, '');
  const [numerator, setNumerator, clearNumerator] = useDraft(`${draftKey}:numerator`, '');
  const [denominator, setDenominator, clearDenominator] = useDraft(`${draftKey}:denominator`, '');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const lock = useLoad(
    () =>
      cell
        ? get<PeriodLock>('indicators', `/v1/period-locks/${encodeURIComponent(cell.period)}`)
        : Promise.resolve(undefined),
    [cell?.period],
  );

  const parsed = {
    value: parseNumber(value),
    numerator: parseNumber(numerator),
    denominator: parseNumber(denominator),
  };
  const errors = {
    value: !ratio && parsed.value === undefined ? t('notANumber') : undefined,
    numerator: !ratio
      ? undefined
      : parsed.numerator === undefined
        ? t('notANumber')
        : Number(parsed.numerator) < 0
          ? t('negative')
          : undefined,
    denominator: !ratio
      ? undefined
      : parsed.denominator === undefined
        ? t('notANumber')
        : Number(parsed.denominator) <= 0
          ? t('zeroDenominator')
          : undefined,
  };
  const valid = !errors.value && !errors.numerator && !errors.denominator;
  const factor = indicator?.ratio?.factor ?? 1;
  const figure =
    ratio && valid ? (Number(parsed.numerator) / Number(parsed.denominator)) * factor : Number(parsed.value);
  const bounds = indicator?.bounds;
  const outOfBounds =
    valid &&
    bounds &&
    ((bounds.min !== null && bounds.min !== undefined && figure < bounds.min) ||
      (bounds.max !== null && bounds.max !== undefined && figure > bounds.max));

  async function submit() {
    setTouched(true);
    if (!cell || !valid) return;
    const figures = ratio
      ? { numerator: Number(parsed.numerator), denominator: Number(parsed.denominator) }
      : { value: Number(parsed.value) };
    // The same correction sent twice (a retry, a double click) counts once; another figure is another report.
    const id = `web-${person.agency}-${keyOfCell}-r${item?.reportId ?? 'x'}-${Object.values(figures).join('-')}`;
    setBusy(true);
    try {
      const answer = await post<ValuesReport>('indicators', '/v1/indicator-values', {
        values: [
          { indicatorCode: cell.indicatorCode, orgUnitCode: cell.orgUnitCode, period: cell.period, ...figures, id },
        ],
      });
      const result = answer.results[0];
      if (result?.status === 'rejected') {
        setOutcome({ status: 'refused', error: undefined, reason: result.reason });
        void message.error(t('refusedToast', { message: result.reason ?? '' }), 8);
      } else {
        const status = result?.status === 'duplicate' ? 'duplicate' : 'accepted';
        setOutcome({ status });
        clearValue();
        clearNumerator();
        clearDenominator();
        setTouched(false);
        if (status === 'accepted') void message.success(t('acceptedToast'));
        onCorrected();
      }
    } catch (error) {
      // 422: every value refused; the result says why.
      const report = error instanceof ApiError ? (error.body as unknown as Partial<ValuesReport>) : undefined;
      const reason = report?.results?.[0]?.reason;
      setOutcome({ status: 'refused', error, reason });
      void message.error(t('refusedToast', { message: reason ?? describeError(error).message }), 8);
    } finally {
      setBusy(false);
    }
  }

  const periodLock = lock.data;
  return (
    <Drawer
      open
      title={t('title')}
      size={narrow ? '100%' : 640}
      onClose={onClose}
      data-testid="correct-drawer"
      footer={
        outcome && outcome.status !== 'refused' ? (
          <Button onClick={onClose} data-testid="correct-close">
            {t('close')}
          </Button>
        ) : (
          <Flex gap="small" justify="end" wrap>
            <Button onClick={onClose}>{t('close')}</Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={busy}
              disabled={!cell}
              onClick={() => void submit()}
              data-testid="correct-submit"
            >
              {t('submit')}
            </Button>
          </Flex>
        )
      }
    >
      {!cell ? (
        <Alert type="error" showIcon title={t('badKey')} />
      ) : (
        <Flex vertical gap="middle">
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              {
                key: 'indicator',
                label: t('indicator'),
                children: (
                  <>
                    {indicator ? localName(indicator) : cell.indicatorCode}{' '}
                    <Typography.Text code>{cell.indicatorCode}</Typography.Text>
                  </>
                ),
              },
              {
                key: 'unit',
                label: t('orgUnit'),
                children: `${item?.orgUnitName ?? ''} (${cell.orgUnitCode})`,
              },
              { key: 'period', label: t('period'), children: `${periodLabel(language, cell.period)} (${cell.period})` },
              ...(item
                ? [
                    {
                      key: 'value',
                      label: t('returnedValue'),
                      children: (
                        <CellValue
                          value={item.value}
                          numerator={item.numerator}
                          denominator={item.denominator}
                          indicator={indicator}
                        />
                      ),
                    },
                    {
                      key: 'by',
                      label: t('returnedBy'),
                      children: `${item.returnedBy ?? '—'} · ${formatDateTime(language, item.returnedAt)}`,
                    },
                  ]
                : []),
            ]}
          />
          {item ? (
            <Alert
              type="warning"
              showIcon
              title={t('reason')}
              description={<span data-testid="correct-reason">{item.reason}</span>}
            />
          ) : (
            <Alert type="info" showIcon title={t('notListed')} />
          )}
          {periodLock && !periodLock.acceptsReports && (
            <Alert
              type="error"
              showIcon
              title={
                periodLock.manualLock
                  ? t('periodLockedByHand', {
                      period: periodLabel(language, cell.period),
                      agency: periodLock.manualLock.agency,
                      at: formatDateTime(language, periodLock.manualLock.lockedAt),
                    })
                  : t('periodClosed', {
                      period: periodLabel(language, cell.period),
                      day: formatDate(language, periodLock.lastReportingDay),
                    })
              }
              description={periodLock.manualLock ? periodLock.manualLock.reason : periodLock.closingRule}
            />
          )}
          {periodLock?.closed && periodLock.acceptsReports && periodLock.openUntil && (
            <Alert
              type="info"
              showIcon
              title={t('periodReopened', {
                period: periodLabel(language, cell.period),
                until: formatDateTime(language, periodLock.openUntil),
              })}
            />
          )}
          {outcome?.status === 'accepted' || outcome?.status === 'duplicate' ? (
            <Result
              data-testid="correct-result"
              data-status={outcome.status}
              status={outcome.status === 'accepted' ? 'success' : 'info'}
              title={outcome.status === 'accepted' ? t('accepted') : t('duplicate')}
              subTitle={outcome.status === 'accepted' ? t('acceptedDetail') : t('duplicateDetail')}
            />
          ) : (
            <Form layout="vertical" onFinish={() => void submit()} disabled={busy}>
              {ratio ? (
                <>
                  <Form.Item
                    label={t('numerator', {
                      what: (language === 'en' ? indicator?.ratio?.numeratorEn : indicator?.ratio?.numeratorVi) ?? '',
                    })}
                    htmlFor="correct-numerator"
                    required
                    validateStatus={touched && errors.numerator ? 'error' : undefined}
                    help={touched && errors.numerator ? errors.numerator : undefined}
                  >
                    <Input
                      id="correct-numerator"
                      data-testid="correct-numerator"
                      inputMode="decimal"
                      autoComplete="off"
                      value={numerator}
                      onChange={(e) => setNumerator(e.target.value)}
                    />
                  </Form.Item>
                  <Form.Item
                    label={t('denominator', {
                      what:
                        (language === 'en' ? indicator?.ratio?.denominatorEn : indicator?.ratio?.denominatorVi) ?? '',
                    })}
                    htmlFor="correct-denominator"
                    required
                    validateStatus={touched && errors.denominator ? 'error' : undefined}
                    help={touched && errors.denominator ? errors.denominator : t('numberHelp')}
                  >
                    <Input
                      id="correct-denominator"
                      data-testid="correct-denominator"
                      inputMode="decimal"
                      autoComplete="off"
                      value={denominator}
                      onChange={(e) => setDenominator(e.target.value)}
                    />
                  </Form.Item>
                  {valid && (
                    <Typography.Paragraph data-testid="correct-preview">
                      {t('preview', {
                        ratio: `${formatNumber(language, figure, 2)} ${unitWords(indicator?.unit)}`.trim(),
                      })}
                    </Typography.Paragraph>
                  )}
                </>
              ) : (
                <Form.Item
                  label={`${t('newValue')}${indicator && unitWords(indicator.unit) ? ` (${unitWords(indicator.unit)})` : ''}`}
                  htmlFor="correct-value"
                  required
                  validateStatus={touched && errors.value ? 'error' : undefined}
                  help={touched && errors.value ? errors.value : t('numberHelp')}
                >
                  <Input
                    id="correct-value"
                    data-testid="correct-value"
                    inputMode="decimal"
                    autoComplete="off"
                    value={value}
                    onChange={(e) => setValue(e.target.value)}
                  />
                </Form.Item>
              )}
              {outOfBounds && bounds && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={t('outOfBounds', {
                    min: formatNumber(language, bounds.min ?? null),
                    max: formatNumber(language, bounds.max ?? null),
                  })}
                />
              )}
              <Typography.Text type="secondary">{t('draftKept')}</Typography.Text>
              {/* Enter in a field sends the form. */}
              <button type="submit" hidden aria-hidden tabIndex={-1} />
            </Form>
          )}
          {outcome?.status === 'refused' && (
            <div data-testid="correct-result" data-status="refused">
              {outcome.reason && <Alert type="error" showIcon title={t('refused')} description={outcome.reason} />}
              {outcome.error !== undefined && <ErrorNotice error={outcome.error} />}
            </div>
          )}
          {lock.loading && !periodLock ? <Skeleton active paragraph={{ rows: 1 }} /> : null}
          <ValueHistory cell={cell} indicator={indicator} version={outcome?.status === 'accepted' ? 1 : 0} />
        </Flex>
      )}
    </Drawer>
  );
}
