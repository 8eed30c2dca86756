import { Injectable } from '@nestjs/common';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { resolveAggregateAddress } from '../catalogue/aggregate-address';
import { CatalogueService } from '../catalogue/catalogue.service';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor';
import { type HistoryRow, IndicatorHistoryRepository } from './indicator-history.repository';

export const HISTORY_DEFAULT_LIMIT = 100;

export interface HistoryEntry {
  eventId: string;
  eventSource: string;
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

export interface History {
  indicator: string;
  orgUnit: { code: string; nameVi: string; validFrom: string | null; validTo: string | null };
  period: string;
  data: HistoryEntry[];
  nextCursor: string | null;
}

/**
 * Who reported what for one cell, when, and what it replaced: every accepted report (the append-only
 * `indicator_reports`), newest first in the order that decides the current value (reported time, then
 * arrival id).
 */
@Injectable()
export class IndicatorHistoryService {
  constructor(
    private readonly reports: IndicatorHistoryRepository,
    private readonly catalogue: CatalogueService,
  ) {}

  async history(
    indicator: string,
    orgUnitCode: string,
    periodId: string,
    limit = HISTORY_DEFAULT_LIMIT,
    cursor?: string,
  ): Promise<History> {
    const { orgUnit: unit, period } = resolveAggregateAddress(this.catalogue, indicator, orgUnitCode, periodId);
    const after = cursor === undefined ? null : decodeHistoryCursor(cursor);
    if (cursor !== undefined && after === null) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'INVALID_CURSOR',
        'cursor is not one this endpoint returned',
      );
    }

    const rows = await this.reports.reportsOfCell(
      { indicator, orgUnitId: unit.id, period: period.id },
      after,
      limit + 1,
    );
    if (after !== null && rows.length === 0) await this.assertCursorInCell(after, indicator, unit.id, period.id);

    const page = rows.slice(0, limit);
    return {
      indicator,
      orgUnit: { code: unit.code, nameVi: unit.nameVi, validFrom: unit.validFrom, validTo: unit.validTo },
      period: period.id,
      data: page.map(toEntry),
      nextCursor: rows.length > limit ? encodeHistoryCursor(page[page.length - 1].id) : null,
    };
  }

  /** An empty page is fine after the last report; a cursor from another cell is a client error. */
  private async assertCursorInCell(
    reportId: string,
    indicator: string,
    orgUnitId: number,
    period: string,
  ): Promise<void> {
    if (!(await this.reports.isReportOfCell(reportId, { indicator, orgUnitId, period })))
      throw new DomainException(DomainErrorKind.INVALID_INPUT, 'INVALID_CURSOR', 'cursor belongs to another cell');
  }
}

function toEntry(r: HistoryRow): HistoryEntry {
  const num = (v: string | null) => (v === null ? null : Number(v));
  return {
    eventId: r.event_id,
    eventSource: r.event_source,
    agencyCode: r.agency_code,
    value: num(r.value),
    numerator: num(r.numerator),
    denominator: num(r.denominator),
    reportedAt: r.reported_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    channel: r.topic,
    current: r.current,
    replaces: r.replaces,
    arrivedLate: r.arrived_late,
  };
}
