import type { AggregateStandingV1, TargetStatusName } from '@dxhub/contracts';
import { requirePeriod } from '@dxhub/periods';
import { judge, type TargetDefinition, targetOn } from '@dxhub/scoring';
import type { AgencyMessage } from '@dxhub/testing';

/** A dx.indicators.events message as the indicators service's relay writes it. */
export function serviceEvent(type: string, key: string, id: string, data: object): AgencyMessage {
  return {
    key,
    value: JSON.stringify(data),
    headers: {
      ce_specversion: '1.0',
      ce_id: id,
      ce_source: '/services/indicators',
      ce_type: type,
      'content-type': 'application/json',
    },
  };
}

export function aggregateEvent(
  indicatorCode: string,
  orgUnitCode: string,
  orgUnitName: string,
  period: string,
  version: number,
  value: number | null,
  type: 'dx.indicator-aggregate.updated' | 'dx.indicator-aggregate.approved' = 'dx.indicator-aggregate.updated',
): AgencyMessage {
  const idPrefix = type === 'dx.indicator-aggregate.updated' ? 'agg' : 'approved';
  return serviceEvent(type, indicatorCode, `${idPrefix}:${indicatorCode}:${orgUnitCode}:${period}:v${version}`, {
    indicatorCode,
    orgUnitCode,
    orgUnitName,
    period,
    aggregation: 'SUM',
    value,
    valueCount: value === null ? 0 : version,
    version,
    updatedAt: new Date(Date.UTC(2025, 0, 1, 0, version)).toISOString(),
  });
}

export function indicatorDefined(code: string, definition: Record<string, unknown>, revision = 1): AgencyMessage {
  return serviceEvent('dx.indicator.defined', code, `ind:${code}:r${revision}`, {
    code,
    effectiveFrom: null,
    definition: { code, ...definition },
    active: true,
    revision,
    publishedAt: new Date(Date.UTC(2026, 10, 27, 0, revision)).toISOString(),
  });
}

export function orgUnitDefined(code: string, nameVi: string, level: number, parentCode: string | null): AgencyMessage {
  return serviceEvent('dx.org-unit.defined', code, `ou:${code}`, {
    code,
    nameVi,
    type: level === 1 ? 'Tỉnh' : level === 2 ? 'Huyện' : 'Xã',
    level,
    validFrom: null,
    validTo: '2025-06-30',
    parents: parentCode ? [{ parentCode, validFrom: null, validTo: '2025-06-30' }] : [],
    publishedAt: '2026-11-27T00:00:00.000Z',
  });
}

/** An aggregate a standings event judges: its key, version and value (null: a removal). */
export interface JudgedFigure {
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  version: number;
  value: number | null;
}

/**
 * A dx.indicator-standings.updated as the indicators service writes it for the figures: each judged against the
 * definition's target path by @dxhub/scoring (the rules the service judges with), a removal where there is no value
 * or no target.
 */
export function standingsEvent(
  indicatorCode: string,
  definition: TargetDefinition,
  figures: JudgedFigure[],
  evaluatedAt = '2025-01-15T00:00:00.000Z',
): AgencyMessage {
  const standings = figures.map((f): AggregateStandingV1 => {
    const key = {
      orgUnitCode: f.orgUnitCode,
      orgUnitName: f.orgUnitName,
      period: f.period,
      aggregateVersion: f.version,
    };
    const target = targetOn(definition, requirePeriod(f.period).end);
    const judged = judge(definition, f.value, target);
    if (!target || !judged) return { ...key, removed: true };
    return {
      ...key,
      value: Number(f.value),
      target: Number(target.value),
      targetYear: target.year,
      comparator: target.comparator,
      tolerance: Number(target.tolerance),
      achievement: Number(judged.achievement),
      status: judged.status as TargetStatusName,
    };
  });
  const id = `standings:${indicatorCode}:${figures.map((f) => `${f.orgUnitCode}.${f.period}.v${f.version}`).join(',')}`;
  return serviceEvent('dx.indicator-standings.updated', indicatorCode, id, { indicatorCode, evaluatedAt, standings });
}
