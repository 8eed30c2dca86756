import { Inject, Injectable } from '@nestjs/common';
import { column, type RowOf, rowShape, selectFirst, selectRows } from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import type { ExplainPosition } from './explain-cursor';

const aggregateRow = rowShape({
  value: column.nullable(column.text),
  numerator: column.text,
  denominator: column.text,
  value_count: column.number,
  unit_count: column.number,
  version: column.number,
  updated_at: column.timestamp,
});

const ownFigureRow = rowShape({
  value: column.nullable(column.text),
  numerator: column.nullable(column.text),
  denominator: column.nullable(column.text),
  value_count: column.number,
});

const childRow = rowShape({
  org_unit_code: column.text,
  org_unit_name: column.text,
  value: column.nullable(column.text),
  numerator: column.text,
  denominator: column.text,
  value_count: column.number,
});

const reportRow = rowShape({
  org_unit_code: column.text,
  org_unit_name: column.text,
  org_unit_id: column.number,
  period: column.text,
  value: column.nullable(column.text),
  numerator: column.nullable(column.text),
  denominator: column.nullable(column.text),
  agency_code: column.text,
  event_id: column.text,
  event_source: column.text,
  reported_at: column.timestamp,
  received_at: column.timestamp,
  topic: column.text,
  counted: column.boolean,
});

export type ExplainedAggregateRow = RowOf<typeof aggregateRow>;
export type OwnFigureRow = RowOf<typeof ownFigureRow>;
export type ChildFigureRow = RowOf<typeof childRow>;
export type ExplainedReportRow = RowOf<typeof reportRow>;

/** An aggregate's address: its indicator, org unit and period. */
interface Address {
  indicatorCode: string;
  orgUnitId: number;
  period: string;
}

/** What an aggregate is built from, read from the same tables the roll-up writes. */
@Injectable()
export class ExplainRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  aggregate(at: Address): Promise<ExplainedAggregateRow | undefined> {
    return selectFirst(
      this.dataSource,
      aggregateRow,
      `SELECT value::text, numerator_sum::text AS numerator, denominator_sum::text AS denominator, value_count::int,
              unit_count::int, version::int, updated_at
       FROM indicator_aggregates WHERE indicator_code = $1 AND org_unit_id = $2 AND period = $3`,
      [at.indicatorCode, at.orgUnitId, at.period],
    );
  }

  /** A reported period: the unit's own value; a coarser one: its own figure over time. */
  ownFigure(at: Address, reported: boolean): Promise<OwnFigureRow | undefined> {
    return selectFirst(
      this.dataSource,
      ownFigureRow,
      reported
        ? `SELECT value::text, numerator::text, denominator::text, 1 AS value_count FROM indicator_values
           WHERE indicator_code = $1 AND org_unit_id = $2 AND period = $3`
        : `SELECT value::text, numerator::text, denominator::text, report_count AS value_count FROM indicator_unit_rollups
           WHERE indicator_code = $1 AND org_unit_id = $2 AND period = $3`,
      [at.indicatorCode, at.orgUnitId, at.period],
    );
  }

  /** Each direct child's aggregate in the hierarchy on `periodEnd`, by org unit code. */
  children(at: Address, periodEnd: string): Promise<ChildFigureRow[]> {
    return selectRows(
      this.dataSource,
      childRow,
      `SELECT o.code AS org_unit_code, o.name_vi AS org_unit_name, a.value::text, a.numerator_sum::text AS numerator,
              a.denominator_sum::text AS denominator, a.value_count::int
       FROM org_unit_closure cl
       JOIN org_units o ON o.id = cl.descendant_id
       JOIN indicator_aggregates a ON a.indicator_code = $1 AND a.org_unit_id = cl.descendant_id AND a.period = $3
       WHERE cl.ancestor_id = $2 AND cl.depth = 1 AND cl.validity @> $4::date
       ORDER BY o.code`,
      [at.indicatorCode, at.orgUnitId, at.period, periodEnd],
    );
  }

  /**
   * The current reports under the aggregate, one page (limit + 1 rows, to know whether more follow): for a
   * reported period the values of every unit below through the hierarchy of the period's end; for a coarser
   * one (`subRange`, its first and last sub-period) the sub-period values of every unit whose figure counts
   * toward it (see unit-rollups.repository.ts).
   */
  reports(
    at: Address,
    subRange: [string, string] | null,
    timeRule: string,
    limit: number,
    after: ExplainPosition | null,
  ): Promise<ExplainedReportRow[]> {
    const units = subRange
      ? `JOIN indicator_unit_rollups c ON c.indicator_code = $1 AND c.period = $3 AND c.org_unit_id = cl.descendant_id
                                      AND cl.validity @> c.anchor_end
         JOIN indicator_values v ON v.indicator_code = $1 AND v.org_unit_id = c.org_unit_id AND v.period BETWEEN $8 AND $9`
      : `JOIN indicator_values v ON v.indicator_code = $1 AND v.org_unit_id = cl.descendant_id AND v.period = $3
                                AND cl.validity @> v.period_end`;
    const counted = subRange ? `($10 <> 'LAST' OR v.period_end = c.anchor_end)` : 'true';
    return selectRows(
      this.dataSource,
      reportRow,
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
        at.indicatorCode,
        at.orgUnitId,
        at.period,
        after?.orgUnitCode ?? null,
        after?.period ?? null,
        after?.orgUnitId ?? null,
        limit + 1,
        ...(subRange ? [subRange[0], subRange[1], timeRule] : []),
      ],
    );
  }
}
