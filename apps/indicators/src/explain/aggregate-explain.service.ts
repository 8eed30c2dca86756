import { Inject, Injectable } from '@nestjs/common';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { subPeriods } from '@dxhub/periods';
import { DataSource } from 'typeorm';
import { resolveAggregateAddress } from '../catalogue/aggregate-address';
import { CatalogueService } from '../catalogue/catalogue.service';
import { decodeExplainCursor, encodeExplainCursor, type ExplainPosition } from './explain-cursor';

export const EXPLAIN_DEFAULT_LIMIT = 100;

/** What one part of an aggregate adds to it. */
export interface Contribution {
  orgUnitCode: string;
  orgUnitName: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Reports it covers. */
  valueCount: number;
}

/** One current report under the aggregate, with who sent it. */
export interface ExplainedReport {
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  agencyCode: string;
  eventId: string;
  eventSource: string;
  reportedAt: string;
  receivedAt: string;
  channel: string;
  /** False when the rule over time passes it over: with LAST, only the unit's latest reported sub-period counts. */
  counted: boolean;
}

export interface Explanation {
  indicator: string;
  orgUnit: { code: string; nameVi: string };
  period: string;
  /** The rules the figure follows: over org units, over time (for a coarser period), and a RATIO's factor. */
  rules: { orgUnit: string; time: string | null; factor: number | null; reportedPeriodType: string };
  aggregate: {
    value: number | null;
    numerator: number;
    denominator: number;
    valueCount: number;
    unitCount: number;
    version: number;
    updatedAt: string;
  };
  /** The org unit's own figure (its own reports), null when it reported none. */
  own: Contribution | null;
  /** Each direct child's aggregate (in the hierarchy on the period's last day) that has values. */
  children: Contribution[];
  /** Every current report the figure is built from, by org unit code and period; paged. */
  reports: ExplainedReport[];
  nextCursor: string | null;
}

type Row = Record<string, string | number | boolean | Date | null>;

/**
 * How an aggregate was built, down to the reports: the org unit's own figure, each child's aggregate,
 * and the individual current reports under it (agency, times, event id), for agencies tracing a wrong
 * number to its input. Read from the same tables the roll-up writes.
 */
@Injectable()
export class AggregateExplainService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
  ) {}

  async explain(
    indicatorCode: string,
    orgUnitCode: string,
    periodId: string,
    limit = EXPLAIN_DEFAULT_LIMIT,
    cursor?: string,
  ): Promise<Explanation> {
    const { indicator, orgUnit, period } = resolveAggregateAddress(
      this.catalogue,
      indicatorCode,
      orgUnitCode,
      periodId,
    );
    const after = cursor === undefined ? null : decodeExplainCursor(cursor);
    if (cursor !== undefined && after === null) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'INVALID_CURSOR',
        'cursor is not one this endpoint returned',
      );
    }
    const [aggregate]: Row[] = await this.dataSource.query(
      `SELECT value::text, numerator_sum::text AS numerator, denominator_sum::text AS denominator, value_count::int,
              unit_count::int, version::int, updated_at
       FROM indicator_aggregates WHERE indicator_code = $1 AND org_unit_id = $2 AND period = $3`,
      [indicator.code, orgUnit.id, period.id],
    );
    if (!aggregate) {
      throw new DomainException(
        DomainErrorKind.NOT_FOUND,
        'AGGREGATE_NOT_FOUND',
        `no value of ${indicator.code} is reported for ${orgUnit.code} or below it in ${period.id}`,
      );
    }
    const reported = period.type === indicator.periodType;
    const subs = reported ? null : subPeriods(period, indicator.periodType as Parameters<typeof subPeriods>[1]);
    const [own, children, reports] = await Promise.all([
      this.ownFigure(indicator.code, orgUnit, period.id, reported),
      this.children(indicator.code, orgUnit.id, period.id, period.end),
      this.reports(
        indicator.code,
        orgUnit.id,
        period.id,
        subs && [subs[0].id, subs[subs.length - 1].id],
        indicator.timeAggregation,
        limit,
        after,
      ),
    ]);
    const page = reports.slice(0, limit);
    const last = page[page.length - 1];
    return {
      indicator: indicator.code,
      orgUnit: { code: orgUnit.code, nameVi: orgUnit.nameVi },
      period: period.id,
      rules: {
        orgUnit: indicator.orgUnitAggregation,
        time: reported ? null : indicator.timeAggregation,
        factor: indicator.factor,
        reportedPeriodType: indicator.periodType,
      },
      aggregate: {
        value: num(aggregate.value),
        numerator: Number(aggregate.numerator),
        denominator: Number(aggregate.denominator),
        valueCount: Number(aggregate.value_count),
        unitCount: Number(aggregate.unit_count),
        version: Number(aggregate.version),
        updatedAt: new Date(aggregate.updated_at as Date).toISOString(),
      },
      own,
      children,
      reports: page.map(toReport),
      nextCursor:
        reports.length > limit
          ? encodeExplainCursor({
              orgUnitCode: String(last.org_unit_code),
              period: String(last.period),
              orgUnitId: Number(last.org_unit_id),
            })
          : null,
    };
  }

  /** A reported period: the unit's own value; a coarser one: its own figure over time. */
  private async ownFigure(
    indicatorCode: string,
    unit: { id: number; code: string; nameVi: string },
    period: string,
    reported: boolean,
  ): Promise<Contribution | null> {
    const [row]: Row[] = await this.dataSource.query(
      reported
        ? `SELECT value::text, numerator::text, denominator::text, 1 AS value_count FROM indicator_values
           WHERE indicator_code = $1 AND org_unit_id = $2 AND period = $3`
        : `SELECT value::text, numerator::text, denominator::text, report_count AS value_count FROM indicator_unit_rollups
           WHERE indicator_code = $1 AND org_unit_id = $2 AND period = $3`,
      [indicatorCode, unit.id, period],
    );
    return row ? toContribution({ ...row, org_unit_code: unit.code, org_unit_name: unit.nameVi }) : null;
  }

  private async children(
    indicatorCode: string,
    orgUnitId: number,
    period: string,
    periodEnd: string,
  ): Promise<Contribution[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT o.code AS org_unit_code, o.name_vi AS org_unit_name, a.value::text, a.numerator_sum::text AS numerator,
              a.denominator_sum::text AS denominator, a.value_count::int
       FROM org_unit_closure cl
       JOIN org_units o ON o.id = cl.descendant_id
       JOIN indicator_aggregates a ON a.indicator_code = $1 AND a.org_unit_id = cl.descendant_id AND a.period = $3
       WHERE cl.ancestor_id = $2 AND cl.depth = 1 AND cl.validity @> $4::date
       ORDER BY o.code`,
      [indicatorCode, orgUnitId, period, periodEnd],
    );
    return rows.map(toContribution);
  }

  /**
   * The current reports under the aggregate, one page (limit + 1 rows, to know whether more follow): for a
   * reported period the values of every unit below through the hierarchy of the period's end; for a coarser
   * one the sub-period values of every unit whose figure counts toward it (see unit-rollups.ts).
   */
  private reports(
    indicatorCode: string,
    orgUnitId: number,
    period: string,
    subRange: [string, string] | null,
    timeRule: string,
    limit: number,
    after: ExplainPosition | null,
  ): Promise<Row[]> {
    const units = subRange
      ? `JOIN indicator_unit_rollups c ON c.indicator_code = $1 AND c.period = $3 AND c.org_unit_id = cl.descendant_id
                                      AND cl.validity @> c.anchor_end
         JOIN indicator_values v ON v.indicator_code = $1 AND v.org_unit_id = c.org_unit_id AND v.period BETWEEN $8 AND $9`
      : `JOIN indicator_values v ON v.indicator_code = $1 AND v.org_unit_id = cl.descendant_id AND v.period = $3
                                AND cl.validity @> v.period_end`;
    const counted = subRange ? `($10 <> 'LAST' OR v.period_end = c.anchor_end)` : 'true';
    return this.dataSource.query(
      `SELECT o.code AS org_unit_code, o.name_vi AS org_unit_name, v.org_unit_id, v.period, v.value::text,
              v.numerator::text, v.denominator::text, r.agency_code, r.event_id, r.event_source, r.reported_at,
              r.received_at, r.topic, ${counted} AS counted
       FROM org_unit_closure cl
       ${units}
       JOIN org_units o ON o.id = v.org_unit_id
       JOIN indicator_reports r ON r.id = v.report_id
       WHERE cl.ancestor_id = $2
         AND ($4::text IS NULL OR (o.code, v.period, v.org_unit_id) > ($4, $5, $6::int))
       ORDER BY o.code, v.period, v.org_unit_id
       LIMIT $7`,
      [
        indicatorCode,
        orgUnitId,
        period,
        after?.orgUnitCode ?? null,
        after?.period ?? null,
        after?.orgUnitId ?? null,
        limit + 1,
        ...(subRange ? [subRange[0], subRange[1], timeRule] : []),
      ],
    );
  }
}

function num(text: unknown): number | null {
  return text === null || text === undefined ? null : Number(text);
}

function toContribution(row: Row): Contribution {
  return {
    orgUnitCode: String(row.org_unit_code),
    orgUnitName: String(row.org_unit_name),
    value: num(row.value),
    numerator: num(row.numerator),
    denominator: num(row.denominator),
    valueCount: Number(row.value_count),
  };
}

function toReport(row: Row): ExplainedReport {
  return {
    orgUnitCode: String(row.org_unit_code),
    orgUnitName: String(row.org_unit_name),
    period: String(row.period),
    value: num(row.value),
    numerator: num(row.numerator),
    denominator: num(row.denominator),
    agencyCode: String(row.agency_code),
    eventId: String(row.event_id),
    eventSource: String(row.event_source),
    reportedAt: new Date(row.reported_at as Date).toISOString(),
    receivedAt: new Date(row.received_at as Date).toISOString(),
    channel: String(row.topic),
    counted: row.counted === true,
  };
}
