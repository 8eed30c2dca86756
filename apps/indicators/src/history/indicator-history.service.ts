import { Inject, Injectable } from '@nestjs/common';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { DataSource } from 'typeorm';
import { resolveAggregateAddress } from '../catalogue/aggregate-address';
import { CatalogueService } from '../catalogue/catalogue.service';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor';

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

interface HistoryRow {
  id: string;
  event_id: string;
  event_source: string;
  agency_code: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  reported_at: Date;
  received_at: Date;
  topic: string;
  current: boolean;
  replaces: string | null;
  arrived_late: boolean;
}

/**
 * Who reported what for one cell, when, and what it replaced: every accepted report (the append-only
 * `indicator_reports`), newest first in the order that decides the current value (reported time, then
 * arrival id).
 */
@Injectable()
export class IndicatorHistoryService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
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

    // The window functions run over the whole cell before the page is cut, so `replaces` and
    // `arrived_late` do not depend on the page. lag() follows the ordering rule; arrived_late compares
    // each report with the latest reported time among those that arrived before it (lower id).
    const rows: HistoryRow[] = await this.dataSource.query(
      `WITH cell AS (
         SELECT r.id, r.event_id, r.event_source, r.agency_code, r.value::text AS value, r.numerator::text AS numerator,
                r.denominator::text AS denominator, r.reported_at, r.received_at, r.topic,
                lag(r.event_id) OVER by_rule AS replaces,
                coalesce(max(r.reported_at) OVER by_arrival > r.reported_at, false) AS arrived_late
         FROM indicator_reports r
         WHERE r.indicator_code = $1 AND r.org_unit_id = $2 AND r.period = $3
         WINDOW by_rule AS (ORDER BY r.reported_at, r.id),
                by_arrival AS (ORDER BY r.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
       )
       SELECT c.*, (v.report_id IS NOT NULL) AS current
       FROM cell c
       LEFT JOIN indicator_values v
         ON v.indicator_code = $1 AND v.org_unit_id = $2 AND v.period = $3 AND v.report_id = c.id
       WHERE $4::bigint IS NULL
          OR (c.reported_at, c.id) < (SELECT p.reported_at, p.id FROM cell p WHERE p.id = $4::bigint)
       ORDER BY c.reported_at DESC, c.id DESC
       LIMIT $5`,
      [indicator, unit.id, period.id, after, limit + 1],
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
    const [found] = await this.dataSource.query(
      'SELECT 1 FROM indicator_reports WHERE id = $1 AND indicator_code = $2 AND org_unit_id = $3 AND period = $4',
      [reportId, indicator, orgUnitId, period],
    );
    if (!found)
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
