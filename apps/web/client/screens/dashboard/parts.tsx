import { Badge, Button, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { formatNumber, formatPercent, PROVINCE_TIME_ZONE } from '../../common/format';
import { defaultPeriod, PERIOD_TYPES, parsePeriod, periodLabel, periodTypeLabel } from '../../common/periods';
import { useUnitWords } from '../../common/units';
import { type Language, useLanguage, useLocalName, useText } from '../../i18n/language';
import type { OrgUnit, Scorecard, Status } from './api';
import { useDashboard } from './dashboard-context';
import { TEXT } from './text';

/* The small pieces every dashboard screen uses: figures, names, statuses, the period and unit choices. */

/** Digits a figure keeps: DTI index values 4 (0,7254, as published), ranks none, the rest 2. */
export function figureDigits(unit: string | null | undefined): number {
  return unit === 'index' ? 4 : unit === 'rank' ? 0 : 2;
}

/** A figure in the indicator's unit: "71,98 %", "0,7254", "5.606". */
export function formatFigure(language: Language, value: number | null | undefined, unit?: string | null): string {
  const text = formatNumber(language, value, figureDigits(unit));
  return value !== null && value !== undefined && unit === '%' ? `${text} %` : text;
}

/** A comparator as it is written in a plan: ≥, ≤, >, <. */
export function comparatorText(comparator: string | null | undefined, direction?: string | null): string {
  const c = comparator ?? (direction === 'LOWER_IS_BETTER' ? '<=' : '>=');
  return c === '>=' ? '≥' : c === '<=' ? '≤' : c === '==' || c === '=' ? '=' : c;
}

/** A 0–1 score as a percentage with two decimals, as the scores are published (4 digits). */
export const formatScore = (language: Language, score: number | null | undefined) => formatPercent(language, score, 2);

/** The unit in words ("" for %, which the figure carries: formatFigure). */
export function useUnitText() {
  const words = useUnitWords();
  return (unit: string | null | undefined) => (unit === '%' ? '' : words(unit));
}

/** Status colours dark enough for white text (WCAG AA, 4.5:1). */
export const STATUS_COLOURS: Record<Status, string> = {
  'on-track': '#237804',
  'within-tolerance': '#874d00',
  'off-track': '#a8071a',
  'awaiting-judgement': '#0958d9',
  'no-target': '#595959',
  'no-data': '#595959',
};

export const STATUSES: Status[] = [
  'on-track',
  'within-tolerance',
  'off-track',
  'awaiting-judgement',
  'no-target',
  'no-data',
];

export function StatusTag({ status }: { status: Status }) {
  const t = useText(TEXT);
  const quiet = status === 'no-target' || status === 'no-data';
  return (
    <Tag
      color={quiet ? undefined : STATUS_COLOURS[status]}
      variant={quiet ? 'outlined' : 'solid'}
      data-status={status}
      style={{ marginInlineEnd: 0 }}
    >
      {t(`status_${status}`)}
    </Tag>
  );
}

/** Colour of a 0–1 score or ratio: green from 90 %, amber from 70 %, red below. */
export function scoreColour(score: number | null | undefined): string {
  if (score === null || score === undefined) return '#bfbfbf';
  // Dark enough for text on white and for white text (WCAG AA).
  return score >= 0.9 ? '#237804' : score >= 0.7 ? '#874d00' : '#a8071a';
}

/**
 * A name in the chosen language. In English the Vietnamese official name stays visible under the English one
 * (it is the name in law and on every document); org units have only their official name.
 */
export function LocalName({
  nameVi,
  nameEn,
  code,
  strong,
}: {
  nameVi: string;
  nameEn?: string | null;
  code?: string;
  strong?: boolean;
}) {
  const { language } = useLanguage();
  const english = language === 'en' && nameEn && nameEn !== nameVi ? nameEn : undefined;
  return (
    <span className="dash-name">
      <Typography.Text strong={strong}>{english ?? <span lang="vi">{nameVi}</span>}</Typography.Text>
      {english && (
        <Typography.Text type="secondary" className="dash-name-vi" lang="vi">
          {nameVi}
        </Typography.Text>
      )}
      {code && (
        <Typography.Text type="secondary" className="dash-code">
          {code}
        </Typography.Text>
      )}
    </span>
  );
}

/** A figure that opens its explanation. */
export function FigureButton({
  children,
  onClick,
  label,
  testId,
  data,
}: {
  children: ReactNode;
  onClick: () => void;
  /** What the figure is, for the button's accessible name (the figure's own text comes first). */
  label: string;
  testId?: string;
  data?: Record<string, string | number | null | undefined>;
}) {
  const t = useText(TEXT);
  const attributes = Object.fromEntries(
    Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v === null || v === undefined ? '' : String(v)]),
  );
  return (
    <Button
      type="link"
      size="small"
      className="dash-figure"
      onClick={onClick}
      title={t('explainOf', { what: label })}
      data-testid={testId}
      {...attributes}
    >
      {children}
    </Button>
  );
}

/** Live or offline: whether the figures follow the reporting service's stream. */
export function LiveBadge() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const { live, lastChange } = useDashboard();
  const text = live === undefined ? t('connecting') : live ? t('live') : t('offline');
  return (
    <span data-testid="live-indicator" data-live={live === undefined ? 'connecting' : String(live)} role="status">
      <Badge status={live ? 'processing' : live === undefined ? 'default' : 'error'} text={text} />
      {lastChange && (
        <Typography.Text type="secondary" className="dash-last-change">
          {' · '}
          {t('lastChange', {
            time: lastChange.toLocaleTimeString(language === 'vi' ? 'vi-VN' : 'en-GB', {
              timeZone: PROVINCE_TIME_ZONE,
            }),
          })}
        </Typography.Text>
      )}
    </span>
  );
}

/**
 * The period choice: every period with figures, grouped by type (years first). The default period (the newest
 * year) is passed on as '': it stays out of the address, which then follows the figures into the next year.
 */
export function PeriodSelect({
  value,
  periods,
  onChange,
  yearsOnly,
}: {
  value: string | undefined;
  periods: readonly string[] | undefined;
  onChange: (period: string) => void;
  yearsOnly?: boolean;
}) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const options = useMemo(
    () =>
      PERIOD_TYPES.filter((type) => !yearsOnly || type === 'YEARLY')
        .map((type) => ({
          label: <span>{periodTypeLabel(language, type)}</span>,
          title: periodTypeLabel(language, type),
          options: (periods ?? [])
            .filter((p) => parsePeriod(p)?.type === type)
            .map((p) => ({ value: p, label: periodLabel(language, p) })),
        }))
        .filter((group) => group.options.length > 0),
    [periods, language, yearsOnly],
  );
  return (
    <Select
      aria-label={t('period')}
      data-testid="period-select"
      value={value}
      onChange={(period: string) => onChange(period === defaultPeriod(periods) ? '' : period)}
      options={options}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: 190 }}
      loading={!periods}
      placeholder={t('period')}
    />
  );
}

/**
 * The choice of a group of indicators (`?group=`): a pillar (`p:CODE`), a main index (`i:CODE`) or the
 * published results outside them (`other`); '' for every group.
 */
export function GroupSelect({
  card,
  value,
  onChange,
}: {
  card: Pick<Scorecard, 'pillars' | 'indexes'> | undefined;
  value: string;
  onChange: (group: string) => void;
}) {
  const t = useText(TEXT);
  const name = useLocalName();
  const options = [
    { value: '', label: t('allGroups') },
    ...(card
      ? [
          {
            label: <span>{t('pillar')}</span>,
            title: t('pillar'),
            options: card.pillars.map((p) => ({ value: `p:${p.code}`, label: `${p.code} · ${name(p)}` })),
          },
          {
            label: <span>{t('mainIndex')}</span>,
            title: t('mainIndex'),
            options: card.indexes.map((i) => ({ value: `i:${i.code}`, label: `${i.code} · ${name(i)}` })),
          },
          {
            label: <span>{t('otherGroup')}</span>,
            title: t('otherGroup'),
            options: [{ value: 'other', label: t('publishedResults') }],
          },
        ]
      : []),
  ];
  return (
    <Select
      aria-label={t('pillarOrIndex')}
      value={value}
      onChange={onChange}
      options={options}
      style={{ minWidth: 200 }}
      popupMatchSelectWidth={false}
    />
  );
}

interface TreeNode {
  value: string;
  title: string;
  children?: TreeNode[];
}

/** The org units of one hierarchy as a tree (province, district-level units, communes). */
export function unitTree(units: readonly OrgUnit[]): TreeNode[] {
  const byParent = new Map<string | null, OrgUnit[]>();
  const codes = new Set(units.map((u) => u.code));
  for (const unit of units) {
    const parent = unit.parentCode && codes.has(unit.parentCode) ? unit.parentCode : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), unit]);
  }
  const build = (parent: string | null): TreeNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((u) => {
        const children = build(u.code);
        return { value: u.code, title: `${u.nameVi} (${u.code})`, ...(children.length ? { children } : {}) };
      });
  return build(null);
}

export function UnitPicker({
  units,
  value,
  onChange,
  label,
}: {
  units: readonly OrgUnit[] | undefined;
  value: string | undefined;
  onChange: (code: string) => void;
  label: string;
}) {
  const tree = useMemo(() => unitTree(units ?? []), [units]);
  return (
    <TreeSelect
      aria-label={label}
      data-testid="unit-picker"
      value={units?.some((u) => u.code === value) ? value : undefined}
      placeholder={label}
      treeData={tree}
      onChange={(code: string) => code && onChange(code)}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={tree.map((n) => n.value)}
      loading={!units}
      style={{ minWidth: 220 }}
      popupMatchSelectWidth={false}
    />
  );
}

/** The row of controls above a screen's content: wraps on a phone. */
export function Toolbar({ children }: { children: ReactNode }) {
  return (
    <Space wrap size={[8, 8]} className="dash-toolbar">
      {children}
    </Space>
  );
}
