import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, Form, Result, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useCallback, useState } from 'react';
import { get } from '../../api/client';
import { hasRole, type Role } from '../../auth/session-context';
import type { Person } from '../../auth/session';
import { ScreenFrame } from '../../common/screen';
import { formatNumber } from '../../common/format';
import { type Dictionary, type Language, useLanguage, useLocalName, useText } from '../../i18n/language';

/*
 * What the four screens of the agency's data work share: the shapes the indicators service answers with, the
 * catalogue (indicator and agency names), exact figures and period labels in Vietnamese or English.
 */

export type ApprovalStatus = 'pending' | 'approved' | 'returned';

/** One cell of GET /v1/indicator-values/approvals. Numbers are decimal strings: shown as sent, never rounded. */
export interface ApprovalCell {
  indicatorCode: string;
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  reportId: string;
  reportingAgency: string;
  reportedAt: string;
  approvalStatus: ApprovalStatus;
  approvalReason: string | null;
  approvalChangedBy: string | null;
  approvalChangedAt: string | null;
}

interface ApprovalPage {
  agency: string;
  status: ApprovalStatus;
  data: ApprovalCell[];
  nextCursor: string | null;
}

export interface Indicator {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  aggregation: string;
  periodType: string;
  responsibleAgency?: string | null;
  ratio: {
    factor?: number;
    numeratorVi?: string;
    numeratorEn?: string;
    denominatorVi?: string;
    denominatorEn?: string;
  } | null;
  bounds?: { min?: number | null; max?: number | null } | null;
}

export interface Agency {
  code: string;
  nameVi: string;
  nameEn: string;
  validTo: string | null;
}

export interface Catalogue {
  indicators: Map<string, Indicator>;
  agencies: Map<string, Agency>;
}

const EMPTY_CATALOGUE: Catalogue = { indicators: new Map(), agencies: new Map() };
let catalogue: Promise<Catalogue> | undefined;

/**
 * Indicator and agency names, read once per page load (the catalogue changes with a release, not between
 * screens). When it cannot be read the screens still work, with codes for names.
 */
export function loadCatalogue(): Promise<Catalogue> {
  catalogue ??= Promise.all([
    get<{ data: Indicator[] }>('indicators', '/v1/indicators'),
    get<{ data: Agency[] }>('indicators', '/v1/agencies'),
  ]).then(
    ([indicators, agencies]) => ({
      indicators: new Map(indicators.data.map((i) => [i.code, i])),
      agencies: new Map(agencies.data.map((a) => [a.code, a])),
    }),
    () => {
      catalogue = undefined;
      return EMPTY_CATALOGUE;
    },
  );
  return catalogue;
}

/** Pages read of an approval queue at most: 20 × 500 cells. */
const QUEUE_PAGES = 20;
const QUEUE_PAGE_SIZE = 500;

/**
 * The whole queue of the caller's agency in one state, following the service's cursor. The service filters
 * by indicator and period only; the screens also filter by org unit and reporting agency, so they hold the
 * queue (68 cells on the demo province: one request) and filter and page it here.
 */
export function loadQueue(status: ApprovalStatus): Promise<{ cells: ApprovalCell[]; truncated: boolean }> {
  return loadAllCells('/v1/indicator-values/approvals', { status });
}

/** Every value the caller's agency reported that its approvers returned (the reporter's list to correct). */
export function loadReturnedCells(): Promise<{ cells: ApprovalCell[]; truncated: boolean }> {
  return loadAllCells('/v1/indicator-values/returned', {});
}

async function loadAllCells(
  path: string,
  query: Record<string, string>,
): Promise<{ cells: ApprovalCell[]; truncated: boolean }> {
  const cells: ApprovalCell[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < QUEUE_PAGES; page++) {
    const answer = await get<ApprovalPage>('indicators', path, { ...query, limit: QUEUE_PAGE_SIZE, cursor });
    cells.push(...answer.data);
    if (!answer.nextCursor) return { cells, truncated: false };
    cursor = answer.nextCursor;
  }
  return { cells, truncated: true };
}

/** A cell's name in the address, in test ids and as a row key: `FIBRE_HH-825-2024S2` (codes hold no hyphen). */
export function cellKey(cell: { indicatorCode: string; orgUnitCode: string; period: string }): string {
  return `${cell.indicatorCode}-${cell.orgUnitCode}-${cell.period}`;
}

export function parseCellKey(key: string): { indicatorCode: string; orgUnitCode: string; period: string } | undefined {
  const match = /^([A-Z][A-Z0-9_]{1,63})-(\d{2,5})-(\d{4}(?:S[12]|Q[1-4]|\d{2})?)$/.exec(key);
  return match ? { indicatorCode: match[1], orgUnitCode: match[2], period: match[3] } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Words

export const SHARED_TEXT: Dictionary<
  | 'year'
  | 'half1'
  | 'half2'
  | 'quarter'
  | 'month'
  | 'pending'
  | 'approved'
  | 'returned'
  | 'needsRole'
  | 'needsRoleDetail'
  | 'roleReporter'
  | 'roleApprover'
  | 'roleProgrammeOffice'
  | 'unitIndex'
  | 'unitRank'
  | 'unitPer1000'
  | 'unitPer100'
  | 'unitWorkingDays'
  | 'filters'
  | 'hideFilters'
> = {
  vi: {
    year: 'Năm {y}',
    half1: '6 tháng đầu năm {y}',
    half2: '6 tháng cuối năm {y}',
    quarter: 'Quý {q}/{y}',
    month: 'Tháng {m}/{y}',
    pending: 'Chờ phê duyệt',
    approved: 'Đã phê duyệt',
    returned: 'Bị trả lại',
    needsRole: 'Màn hình này cần vai trò khác',
    needsRoleDetail: 'Cần một trong các vai trò: {roles}. Tài khoản của bạn có: {mine}.',
    roleReporter: 'người báo cáo',
    roleApprover: 'người phê duyệt',
    roleProgrammeOffice: 'văn phòng chương trình',
    unitIndex: 'chỉ số',
    unitRank: 'hạng',
    unitPer1000: 'trên 1.000 dân',
    unitPer100: 'trên 100 dân',
    unitWorkingDays: 'ngày làm việc',
    filters: 'Bộ lọc',
    hideFilters: 'Ẩn bộ lọc',
  },
  en: {
    year: '{y}',
    half1: 'H1 {y}',
    half2: 'H2 {y}',
    quarter: 'Q{q} {y}',
    month: '{mon} {y}',
    pending: 'Awaiting approval',
    approved: 'Approved',
    returned: 'Returned',
    needsRole: 'This screen needs another role',
    needsRoleDetail: 'It needs one of the roles: {roles}. Your account has: {mine}.',
    roleReporter: 'reporter',
    roleApprover: 'approver',
    roleProgrammeOffice: 'programme office',
    unitIndex: 'index',
    unitRank: 'rank',
    unitPer1000: 'per 1,000 people',
    unitPer100: 'per 100 people',
    unitWorkingDays: 'working days',
    filters: 'Filters',
    hideFilters: 'Hide filters',
  },
};

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** useText whose `{s}` is the English plural ending of the count `{n}` (Vietnamese has no plural: no `{s}`). */
export function usePluralText<K extends string>(dictionary: Dictionary<K>) {
  const t = useText(dictionary);
  return useCallback(
    (key: K, values?: Record<string, string | number>) =>
      t(key, values && typeof values.n === 'number' ? { s: values.n === 1 ? '' : 's', ...values } : values),
    [t],
  );
}

/** `2025S2` → "6 tháng cuối năm 2025" / "H2 2025"; anything else as given. */
export function usePeriodLabel() {
  const t = useText(SHARED_TEXT);
  return (period: string): string => {
    let m = /^(\d{4})$/.exec(period);
    if (m) return t('year', { y: m[1] });
    m = /^(\d{4})S([12])$/.exec(period);
    if (m) return t(m[2] === '1' ? 'half1' : 'half2', { y: m[1] });
    m = /^(\d{4})Q([1-4])$/.exec(period);
    if (m) return t('quarter', { q: m[2], y: m[1] });
    m = /^(\d{4})(\d{2})$/.exec(period);
    if (m) return t('month', { m: String(Number(m[2])), mon: MONTHS_EN[Number(m[2]) - 1] ?? m[2], y: m[1] });
    return period;
  };
}

/** Periods newest first, then by kind (year before its halves, quarters and months). */
export function comparePeriods(a: string, b: string): number {
  return b.slice(0, 4).localeCompare(a.slice(0, 4)) || a.length - b.length || b.localeCompare(a);
}

/**
 * A decimal exactly as the service sent it, grouped the local way (12.345,678 in Vietnamese, 12,345.678 in
 * English): a figure under approval is never rounded on its way to the person approving it.
 */
export function formatExact(language: Language, raw: string | number | null | undefined): string {
  if (raw === null || raw === undefined || raw === '') return '—';
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, language === 'vi' ? '.' : ',');
  return sign + grouped + (fraction ? (language === 'vi' ? ',' : '.') + fraction : '');
}

export function useUnitLabel() {
  const t = useText(SHARED_TEXT);
  return (unit: string | undefined): string => {
    switch (unit) {
      case undefined:
      case 'count':
        return '';
      case 'index':
        return t('unitIndex');
      case 'rank':
        return t('unitRank');
      case 'per 1000 people':
        return t('unitPer1000');
      case 'per 100 people':
        return t('unitPer100');
      case 'working days':
        return t('unitWorkingDays');
      default:
        return unit;
    }
  };
}

/** The figure of a cell: its value, or a ratio's numerator / denominator with the ratio it makes. */
export function CellValue({
  value,
  numerator,
  denominator,
  indicator,
  testId,
}: {
  value: string | number | null;
  numerator: string | number | null;
  denominator: string | number | null;
  indicator: Indicator | undefined;
  testId?: string;
}) {
  const { language } = useLanguage();
  const unitLabel = useUnitLabel();
  const unit = unitLabel(indicator?.unit);
  if (numerator !== null && denominator !== null) {
    const factor = indicator?.ratio?.factor ?? 1;
    const ratio = Number(denominator) === 0 ? null : (Number(numerator) / Number(denominator)) * factor;
    return (
      <span data-testid={testId}>
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatExact(language, numerator)} / {formatExact(language, denominator)}
        </span>
        <br />
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
          = {formatNumber(language, ratio, 2)}
          {unit ? ` ${unit}` : ''}
        </Typography.Text>
      </span>
    );
  }
  return (
    <span data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
      {formatExact(language, value)}
      {unit && value !== null ? <Typography.Text type="secondary">{` ${unit}`}</Typography.Text> : null}
    </span>
  );
}

/** An indicator's name in the chosen language with its code beneath. */
export function IndicatorName({ code, catalogue }: { code: string; catalogue: Catalogue | undefined }) {
  const localName = useLocalName();
  const indicator = catalogue?.indicators.get(code);
  return (
    <span>
      {indicator ? localName(indicator) : code}
      <br />
      <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
        {code}
      </Typography.Text>
    </span>
  );
}

export function AgencyName({ code, catalogue }: { code: string; catalogue: Catalogue | undefined }) {
  const localName = useLocalName();
  const agency = catalogue?.agencies.get(code);
  return agency ? (
    <Tooltip title={localName(agency)}>
      <Tag>{code}</Tag>
    </Tooltip>
  ) : (
    <Tag>{code}</Tag>
  );
}

export function StatusTag({ status }: { status: ApprovalStatus }) {
  const t = useText(SHARED_TEXT);
  const color = status === 'approved' ? 'green' : status === 'returned' ? 'red' : 'gold';
  return <Tag color={color}>{t(status)}</Tag>;
}

/** Holds a screen the person's roles do not open (the address typed by hand): says which roles it needs. */
export function RoleGate({
  person,
  roles,
  name,
  title,
  children,
}: {
  person: Person;
  roles: Role[];
  name: string;
  title: string;
  children: ReactNode;
}) {
  const t = useText(SHARED_TEXT);
  if (hasRole(person, ...roles)) return <>{children}</>;
  const roleName = (role: string) =>
    role === 'reporter'
      ? t('roleReporter')
      : role === 'approver'
        ? t('roleApprover')
        : role === 'programme-office'
          ? t('roleProgrammeOffice')
          : role;
  return (
    <ScreenFrame name={name} title={title} loaded>
      <Result
        status="403"
        title={t('needsRole')}
        subTitle={t('needsRoleDetail', {
          roles: roles.map(roleName).join(', '),
          mine: person.roles.map(roleName).join(', ') || '—',
        })}
      />
    </ScreenFrame>
  );
}

/** Options of a filter from the rows shown, each with how many rows it would keep. */
export function countBy<T>(rows: T[], key: (row: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return counts;
}

export const PAGE_SIZES = ['10', '20', '50', '100'];

/** Text for screen readers only (a column header with no visible title). */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return (
    <span
      style={{
        position: 'absolute',
        width: 1,
        height: 1,
        padding: 0,
        margin: -1,
        overflow: 'hidden',
        clip: 'rect(0 0 0 0)',
        whiteSpace: 'nowrap',
        border: 0,
      }}
    >
      {children}
    </span>
  );
}

/**
 * A screen's filters: side by side on a wide screen; on a phone folded behind a button that counts the active
 * ones, so the list starts on the first screen.
 */
export function FilterPanel({ narrow, active, children }: { narrow: boolean; active: number; children: ReactNode }) {
  const t = useText(SHARED_TEXT);
  const [open, setOpen] = useState(false);
  const form = (
    <Form layout="vertical" aria-label={t('filters')} style={{ marginBottom: 8 }}>
      <Flex gap="small" wrap align="end">
        {children}
      </Flex>
    </Form>
  );
  if (!narrow) return form;
  return (
    <>
      <Button
        icon={<FilterOutlined />}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        style={{ marginBottom: 8 }}
        data-testid="filters-toggle"
      >
        {open ? t('hideFilters') : t('filters')} <Badge count={active} size="small" color="#0b5cad" />
      </Button>
      {open && form}
    </>
  );
}

/** A table's empty state in readable grey (Ant Design's own is #bfbfbf, 1.8:1 on white). */
export function EmptyText({ text }: { text: string }) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <Typography.Text type="secondary" data-testid="empty">
          {text}
        </Typography.Text>
      }
    />
  );
}
