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

/** A dx.obligation.progress-updated message: STTTT's counts (expected, received, on time) of an obligation period. */
export function obligationProgress(
  code: string,
  period: string,
  periodType: string,
  version: number,
  [expectedReports, receivedReports, onTimeReports]: [number, number, number],
): AgencyMessage {
  return serviceEvent('dx.obligation.progress-updated', code, `obligation-progress:${code}:${period}:v${version}`, {
    obligationCode: code,
    nameVi: `Báo cáo ${code}`,
    nameEn: `Report: ${code}`,
    agency: 'STTTT',
    declaredAgency: 'STTTT',
    period,
    periodType,
    dueDate: '2025-01-08',
    expectedReports,
    receivedReports,
    onTimeReports,
    version,
    updatedAt: new Date(Date.UTC(2025, 0, 10, 0, version)).toISOString(),
  });
}
