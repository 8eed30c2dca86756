import { FilterOutlined } from '@ant-design/icons';
import {
  Badge,
  Button,
  Empty,
  Flex,
  Form,
  Result,
  Select,
  type TablePaginationConfig,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useCallback, useState } from 'react';
import { hasRole, type Role } from '../../auth/session-context';
import type { Person } from '../../auth/session';
import { formatNumber } from '../../common/format';
import { comparePeriodsNewestFirst, periodLabel } from '../../common/periods';
import { ScreenFrame } from '../../common/screen';
import { pageWithin, tablePager } from '../../common/table';
import { useUnitWords } from '../../common/units';
import { type Dictionary, type Language, useLanguage, useLocalName, useText } from '../../i18n/language';

/*
 * What the four screens of the agency's data work share: the shapes the indicators service answers with, the
 * catalogue (indicator and agency names) and exact figures in Vietnamese or English.
 */

export {
  type ApprovalCell,
  type ApprovalStatus,
  type Catalogue,
  cellKey,
  type Indicator,
  loadCatalogue,
  loadQueue,
  loadReturnedCells,
  parseCellKey,
} from './data-loads';
import type { ApprovalStatus, Catalogue, Indicator } from './data-loads';

// ---------------------------------------------------------------------------------------------------------------
// Words

export const SHARED_TEXT: Dictionary<
  | 'pending'
  | 'approved'
  | 'returned'
  | 'needsRole'
  | 'needsRoleDetail'
  | 'roleReporter'
  | 'roleApprover'
  | 'roleProgrammeOffice'
  | 'filters'
  | 'hideFilters'
  | 'all'
  | 'indicator'
  | 'orgUnit'
  | 'period'
> = {
  vi: {
    pending: 'Chờ phê duyệt',
    approved: 'Đã phê duyệt',
    returned: 'Bị trả lại',
    needsRole: 'Màn hình này cần vai trò khác',
    needsRoleDetail: 'Cần một trong các vai trò: {roles}. Tài khoản của bạn có: {mine}.',
    roleReporter: 'người báo cáo',
    roleApprover: 'người phê duyệt',
    roleProgrammeOffice: 'văn phòng chương trình',
    filters: 'Bộ lọc',
    hideFilters: 'Ẩn bộ lọc',
    all: 'Tất cả',
    indicator: 'Chỉ tiêu',
    orgUnit: 'Đơn vị hành chính',
    period: 'Kỳ báo cáo',
  },
  en: {
    pending: 'Awaiting approval',
    approved: 'Approved',
    returned: 'Returned',
    needsRole: 'This screen needs another role',
    needsRoleDetail: 'It needs one of the roles: {roles}. Your account has: {mine}.',
    roleReporter: 'reporter',
    roleApprover: 'approver',
    roleProgrammeOffice: 'programme office',
    filters: 'Filters',
    hideFilters: 'Hide filters',
    all: 'All',
    indicator: 'Indicator',
    orgUnit: 'Org unit',
    period: 'Period',
  },
};

/** useText whose `{s}` is the English plural ending of the count `{n}` (Vietnamese has no plural: no `{s}`). */
export function usePluralText<K extends string>(dictionary: Dictionary<K>) {
  const t = useText(dictionary);
  return useCallback(
    (key: K, values?: Record<string, string | number>) =>
      t(key, values && typeof values.n === 'number' ? { s: values.n === 1 ? '' : 's', ...values } : values),
    [t],
  );
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
  const unitWords = useUnitWords();
  const unit = unitWords(indicator?.unit);
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

/**
 * The rows a screen's filters keep, and each filter's options counted over the rows the other filters keep (an
 * option says how many rows choosing it would show); a chosen option no row has any more stays, with 0.
 */
export function facets<T, F extends string>(
  rows: readonly T[],
  chosen: Readonly<Record<NoInfer<F>, string>>,
  keyOf: Record<F, (row: T) => string>,
): { rows: T[]; counts: (filter: F) => Map<string, number> } {
  const filters = Object.keys(keyOf) as F[];
  const keeps = (row: T, skip?: F) => filters.every((f) => f === skip || !chosen[f] || keyOf[f](row) === chosen[f]);
  return {
    rows: rows.filter((row) => keeps(row)),
    counts: (filter) => {
      const counts = new Map<string, number>();
      for (const row of rows) {
        if (!keeps(row, filter)) continue;
        const key = keyOf[filter](row);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      if (chosen[filter] && !counts.has(chosen[filter])) counts.set(chosen[filter], 0);
      return counts;
    },
  };
}

/** A filter's options, "name (code) · rows", sorted by name. */
export function namedOptions(counts: Map<string, number>, nameOf: (code: string) => string, locale: Language) {
  return [...counts]
    .map(([code, n]) => ({ value: code, label: `${nameOf(code)} (${code}) · ${n}` }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** A period filter's options, newest first: "Quý III/2025 · 4". */
function periodOptions(language: Language, counts: Map<string, number>) {
  return [...counts]
    .sort(([a], [b]) => comparePeriodsNewestFirst(a, b))
    .map(([code, n]) => ({ value: code, label: `${periodLabel(language, code)} · ${n}` }));
}

const PAGE_SIZES = ['10', '20', '50', '100'];

/**
 * A table's pager whose page and rows per page (20 unless chosen) live in the address (`page`, `size`):
 * `update` writes them back there.
 */
export function addressPager(
  address: { page: string; size: string },
  total: number,
  {
    narrow,
    totalText,
    update,
  }: {
    narrow: boolean;
    totalText: (total: number, range: [number, number]) => string;
    update: (changes: { page: string; size: string }) => void;
  },
): TablePaginationConfig {
  const pageSize = Number(address.size) || 20;
  return tablePager({
    page: pageWithin(address.page, total, pageSize),
    pageSize,
    total,
    sizes: PAGE_SIZES,
    small: narrow,
    totalText,
    onChange: (page, size) => update({ page: String(page), size: String(size) }),
  });
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

/** One filter of a FilterPanel: a searchable choice, cleared to keep every row. */
export function FilterSelect({
  id,
  testId,
  label,
  width,
  value,
  options,
  onChange,
  placeholder,
  wideMenu,
}: {
  id: string;
  testId?: string;
  label: string;
  width: number | string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  /** What no choice means; "All" unless said. */
  placeholder?: string;
  /** The menu as wide as its longest option (indicator and agency names are long). */
  wideMenu?: boolean;
}) {
  const t = useText(SHARED_TEXT);
  return (
    <Form.Item label={label} htmlFor={id} style={{ width, margin: 0 }}>
      <Select
        id={id}
        data-testid={testId}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={placeholder ?? t('all')}
        value={value || undefined}
        options={options}
        onChange={(v?: string) => onChange(v ?? '')}
        popupMatchSelectWidth={wideMenu ? false : undefined}
      />
    </Form.Item>
  );
}

type CellFilter = 'indicator' | 'unit' | 'period';

/** How a cell answers each of the filters every list of cells has. */
export const CELL_FILTERS: Record<
  CellFilter,
  (cell: { indicatorCode: string; orgUnitCode: string; period: string }) => string
> = {
  indicator: (c) => c.indicatorCode,
  unit: (c) => c.orgUnitCode,
  period: (c) => c.period,
};

/**
 * The filters of a list of cells (indicator, unit, period), for a FilterPanel: each option names what it
 * keeps and counts the rows choosing it would show.
 */
export function CellFilters({
  screen,
  cells,
  chosen,
  counts,
  catalogue,
  narrow,
  onChange,
}: {
  /** Prefixes the fields' ids (`approvals-indicator`). */
  screen: string;
  cells: readonly { orgUnitCode: string; orgUnitName: string }[];
  chosen: Record<CellFilter, string>;
  counts: (filter: CellFilter) => Map<string, number>;
  catalogue: Catalogue | undefined;
  narrow: boolean;
  onChange: (changes: Partial<Record<CellFilter, string>>) => void;
}) {
  const t = useText(SHARED_TEXT);
  const { language } = useLanguage();
  const localName = useLocalName();
  const unitNames = new Map(cells.map((c) => [c.orgUnitCode, c.orgUnitName]));
  const indicatorName = (code: string) => {
    const indicator = catalogue?.indicators.get(code);
    return indicator ? localName(indicator) : code;
  };
  const width = narrow ? '100%' : 240;
  return (
    <>
      <FilterSelect
        id={`${screen}-indicator`}
        testId="filter-indicator"
        label={t('indicator')}
        width={width}
        value={chosen.indicator}
        options={namedOptions(counts('indicator'), indicatorName, language)}
        onChange={(indicator) => onChange({ indicator })}
        wideMenu
      />
      <FilterSelect
        id={`${screen}-unit`}
        testId="filter-unit"
        label={t('orgUnit')}
        width={width}
        value={chosen.unit}
        options={namedOptions(counts('unit'), (code) => unitNames.get(code) ?? code, 'vi')}
        onChange={(unit) => onChange({ unit })}
      />
      <FilterSelect
        id={`${screen}-period`}
        testId="filter-period"
        label={t('period')}
        width={narrow ? '100%' : 200}
        value={chosen.period}
        options={periodOptions(language, counts('period'))}
        onChange={(period) => onChange({ period })}
      />
    </>
  );
}

/** A cell's unit and period, each with its code beside it. */
export function UnitAndPeriod({ cell }: { cell: { orgUnitName: string; orgUnitCode: string; period: string } }) {
  const { language } = useLanguage();
  return (
    <>
      {cell.orgUnitName} <Typography.Text type="secondary">({cell.orgUnitCode})</Typography.Text>
      <br />
      {periodLabel(language, cell.period)} <Typography.Text type="secondary">({cell.period})</Typography.Text>
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
