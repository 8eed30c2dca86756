import { column, rowShape, selectOne, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { figure } from '../aggregates/aggregates.repository';
import { UNIT_FIGURE } from '../aggregates/unit-rollups.repository';
import type { EvaluationScope } from './evaluation-scope';
import type { UnitImage } from './restatement';
import type { CellSource } from './view-selection';

/*
 * The views' evaluator: the statements that read a figure as a view asks for it (a cell source, a hierarchy),
 * run on the caller's executor so a writer's evaluation sees its own uncommitted changes.
 */

const unitFigureRow = rowShape({
  org_unit_id: column.number,
  org_unit_code: column.text,
  org_unit_name: column.text,
  anchor_end: column.text,
  report_count: column.number,
  value: column.nullable(column.text),
  numerator: column.nullable(column.text),
  denominator: column.nullable(column.text),
});
const insideRow = rowShape({ inside: column.number });
const imageRow = rowShape({ total: column.number, inside: column.number, via_ancestor: column.boolean });
const combinedRow = rowShape({
  value: column.nullable(column.text),
  numerator: column.text,
  denominator: column.text,
  value_count: column.number,
  unit_count: column.number,
});
const cellChangeRow = rowShape({
  org_unit_code: column.text,
  org_unit_name: column.text,
  period: column.text,
  /** count(*) OVER (): bigint, as text. */
  total: column.text,
  from_value: column.nullable(column.text),
  from_numerator: column.nullable(column.text),
  from_denominator: column.nullable(column.text),
  from_event_id: column.nullable(column.text),
  from_agency_code: column.nullable(column.text),
  from_reported_at: column.nullable(column.timestamp),
  from_received_at: column.nullable(column.timestamp),
  to_value: column.nullable(column.text),
  to_numerator: column.nullable(column.text),
  to_denominator: column.nullable(column.text),
  to_event_id: column.nullable(column.text),
  to_agency_code: column.nullable(column.text),
  to_reported_at: column.nullable(column.timestamp),
  to_received_at: column.nullable(column.timestamp),
});

/** One side of a changed cell: the report it shows, as the statement read it (all null when there is none). */
interface ReportSide {
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  eventId: string | null;
  agencyCode: string | null;
  reportedAt: Date | null;
  receivedAt: Date | null;
}

/** One reporting unit's figure over the period by the rule over time (numerics as PostgreSQL prints them). */
export interface UnitFigure {
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitName: string;
  /** Last day of the unit's latest reported sub-period: where it stood in the hierarchy. */
  anchorEnd: string;
  reportCount: number;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
}

/** A figure by the rule over org units, from the unit figures that count. */
export interface CombinedFigure {
  value: string | null;
  numerator: string;
  denominator: string;
  valueCount: number;
  unitCount: number;
}

/** One cell whose value under a view differs from its current value. */
export interface CellChange {
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  from: ReportedFigure | null;
  to: ReportedFigure | null;
}

export interface ReportedFigure {
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  eventId: string;
  agencyCode: string;
  reportedAt: string;
  receivedAt: string;
}

/** Collects query parameters and hands out their placeholders, so SQL fragments compose without numbering clashes. */
class Params {
  readonly values: unknown[] = [];

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/**
 * The cells a view reads (org_unit_id, period, period_end, value, numerator, denominator, report_id), one
 * per (org unit, sub-period) of the scope. The order of reports follows the writer's rule: the value that
 * counts is the latest by (reported_at, report id); the first published is the first to arrive.
 */
function cellsOf(source: CellSource, scope: EvaluationScope, p: Params): string {
  const sub = `unnest(${p.add(
    scope.subPeriods.map((s) => s.id),
    'text[]',
  )}, ${p.add(
    scope.subPeriods.map((s) => s.end),
    'date[]',
  )})
               AS s(period, period_end)`;
  const indicator = p.add(scope.indicatorCode, 'text');
  if (source.kind === 'current') {
    return `SELECT v.org_unit_id, v.period, s.period_end, v.value, v.numerator, v.denominator, v.report_id
            FROM ${sub} JOIN indicator_values v ON v.indicator_code = ${indicator} AND v.period = s.period
            WHERE NOT ${p.add(source.approvedOnly, 'boolean')} OR v.approval_status = 'approved'`;
  }
  const order = source.kind === 'first-published' ? 'r.received_at, r.id' : 'r.reported_at DESC, r.id DESC';
  const receivedBy = p.add(source.receivedBy, 'timestamptz');
  return `SELECT DISTINCT ON (r.org_unit_id, r.period)
                 r.org_unit_id, r.period, s.period_end, r.value, r.numerator, r.denominator, r.id AS report_id
          FROM ${sub} JOIN indicator_reports r ON r.indicator_code = ${indicator} AND r.period = s.period
          WHERE ${receivedBy} IS NULL OR r.received_at <= ${receivedBy}
          ORDER BY r.org_unit_id, r.period, ${order}`;
}

/** Every reporting unit's figure over the period, by the rule over time (the same expression the writer keeps). */
export async function unitFigures(m: SqlExecutor, scope: EvaluationScope, source: CellSource): Promise<UnitFigure[]> {
  const p = new Params();
  const cells = cellsOf(source, scope, p);
  const rows = await selectRows(
    m,
    unitFigureRow,
    `WITH cells AS MATERIALIZED (${cells}),
     t AS (SELECT ${p.add(scope.timeRule, 'text')} AS time_rule),
     figures AS (
       SELECT v.org_unit_id, ${UNIT_FIGURE}
       FROM cells v CROSS JOIN t
       GROUP BY v.org_unit_id, t.time_rule
     )
     SELECT f.org_unit_id, o.code AS org_unit_code, o.name_vi AS org_unit_name, f.anchor_end::text AS anchor_end,
            f.report_count, f.value::text AS value, f.numerator::text AS numerator, f.denominator::text AS denominator
     FROM figures f JOIN org_units o ON o.id = f.org_unit_id
     ORDER BY o.code, f.org_unit_id`,
    p.values,
  );
  return rows.map((r) => ({
    orgUnitId: r.org_unit_id,
    orgUnitCode: r.org_unit_code,
    orgUnitName: r.org_unit_name,
    anchorEnd: r.anchor_end,
    reportCount: r.report_count,
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
  }));
}

/** Per unit figure: whether it lies under the unit read in the hierarchy of its anchor day (1 of 1, or 0 of 1). */
export async function imagesInPeriodHierarchy(
  m: SqlExecutor,
  figures: UnitFigure[],
  targetId: number,
): Promise<UnitImage[]> {
  const rows = await selectRows(
    m,
    insideRow,
    `SELECT (EXISTS (SELECT 1 FROM org_unit_closure cl
                     WHERE cl.ancestor_id = $3 AND cl.descendant_id = u.org_unit_id AND cl.validity @> u.anchor_end))::int AS inside
     FROM unnest($1::int[], $2::date[]) WITH ORDINALITY AS u(org_unit_id, anchor_end, n)
     ORDER BY u.n`,
    [figures.map((f) => f.orgUnitId), figures.map((f) => f.anchorEnd), targetId],
  );
  return rows.map((r) => ({ total: 1, inside: r.inside }));
}

/**
 * Per unit figure: the units of today its territory went into, and how many of them lie under the unit
 * read today. A unit still in existence today became itself; an old unit became the new units the 2025
 * mapping (org_unit_mappings) sends it or, for a district or the old province, the units below it on its
 * anchor day. A unit with neither (a commune ended before the reform, whose successor is not recorded) is
 * placed by its nearest ancestor on its anchor day that has them (`viaAncestor`).
 */
export async function imagesInTodaysHierarchy(
  m: SqlExecutor,
  figures: UnitFigure[],
  targetId: number,
  today: string,
): Promise<(UnitImage & { viaAncestor: boolean })[]> {
  const rows = await selectRows(
    m,
    imageRow,
    `WITH u AS (SELECT * FROM unnest($1::int[], $2::date[]) WITH ORDINALITY AS u(org_unit_id, anchor_end, n)),
     chain AS (
       SELECT u.n, u.anchor_end, up.depth, up.ancestor_id
       FROM u JOIN org_unit_closure up ON up.descendant_id = u.org_unit_id AND up.validity @> u.anchor_end
     ),
     images AS (
       SELECT c.n, c.depth, mp.new_id
       FROM chain c
       JOIN org_unit_closure below ON below.ancestor_id = c.ancestor_id AND below.validity @> c.anchor_end
       JOIN org_unit_mappings mp ON mp.old_id = below.descendant_id
       UNION
       SELECT c.n, c.depth, c.ancestor_id FROM chain c JOIN org_units o ON o.id = c.ancestor_id AND o.validity @> $4::date
     ),
     nearest AS (SELECT i.*, min(i.depth) OVER (PARTITION BY i.n) AS nearest_depth FROM images i)
     SELECT u.n, count(x.new_id)::int AS total, (min(x.depth) > 0) IS TRUE AS via_ancestor,
            count(x.new_id) FILTER (WHERE EXISTS (
              SELECT 1 FROM org_unit_closure t WHERE t.ancestor_id = $3 AND t.descendant_id = x.new_id AND t.validity @> $4::date
            ))::int AS inside
     FROM u LEFT JOIN nearest x ON x.n = u.n AND x.depth = x.nearest_depth
     GROUP BY u.n ORDER BY u.n`,
    [figures.map((f) => f.orgUnitId), figures.map((f) => f.anchorEnd), targetId, today],
  );
  return rows.map((r) => ({ total: r.total, inside: r.inside, viaAncestor: r.via_ancestor }));
}

/**
 * The figure over the units that count, by the rule over org units: SUM, AVERAGE (of the unit figures)
 * and RATIO (sum of numerators over sum of denominators, times the factor) through the same expression
 * the stored aggregates use; MIN and MAX the extremes of the unit figures.
 */
export async function combine(m: SqlExecutor, figures: UnitFigure[], scope: EvaluationScope): Promise<CombinedFigure> {
  const row = await selectOne(
    m,
    combinedRow,
    `WITH s AS (
       SELECT count(*) AS unit_count, coalesce(sum(f.report_count), 0) AS value_count, coalesce(sum(f.value), 0) AS value_sum,
              coalesce(sum(f.numerator), 0) AS numerator_sum, coalesce(sum(f.denominator), 0) AS denominator_sum,
              min(f.value) AS value_min, max(f.value) AS value_max
       FROM unnest($1::int[], $2::numeric[], $3::numeric[], $4::numeric[]) AS f(report_count, value, numerator, denominator)
     ),
     r AS (SELECT $5::text AS aggregation, $6::numeric AS factor)
     SELECT (CASE r.aggregation WHEN 'MIN' THEN s.value_min WHEN 'MAX' THEN s.value_max
                                ELSE ${figure((c) => `s.${c}`, 'r')} END)::text AS value,
            s.numerator_sum::text AS numerator, s.denominator_sum::text AS denominator,
            s.value_count::int AS value_count, s.unit_count::int AS unit_count
     FROM s CROSS JOIN r`,
    [
      figures.map((f) => f.reportCount),
      figures.map((f) => f.value),
      figures.map((f) => f.numerator),
      figures.map((f) => f.denominator),
      scope.orgUnitRule,
      scope.factor,
    ],
  );
  return {
    value: row.value,
    numerator: row.numerator,
    denominator: row.denominator,
    valueCount: row.value_count,
    unitCount: row.unit_count,
  };
}

/**
 * The cells of the given units whose value under `source` differs from their current value, with the
 * report on each side (who sent it and when), at most `limit` of them by org unit code and period.
 */
export async function cellChanges(
  m: SqlExecutor,
  scope: EvaluationScope,
  source: CellSource,
  orgUnitIds: number[],
  limit: number,
): Promise<{ changes: CellChange[]; total: number }> {
  const p = new Params();
  const viewed = cellsOf(source, scope, p);
  const current = cellsOf({ kind: 'current', approvedOnly: false }, scope, p);
  const rows = await selectRows(
    m,
    cellChangeRow,
    `WITH viewed AS MATERIALIZED (${viewed}),
     now AS MATERIALIZED (${current}),
     changed AS (
       SELECT coalesce(n.org_unit_id, w.org_unit_id) AS org_unit_id, coalesce(n.period, w.period) AS period,
              w.report_id AS from_id, n.report_id AS to_id
       FROM viewed w FULL JOIN now n ON (n.org_unit_id, n.period) = (w.org_unit_id, w.period)
       WHERE (w.value, w.numerator, w.denominator) IS DISTINCT FROM (n.value, n.numerator, n.denominator)
     )
     SELECT o.code AS org_unit_code, o.name_vi AS org_unit_name, c.period, count(*) OVER () AS total,
            a.value::text AS from_value, a.numerator::text AS from_numerator, a.denominator::text AS from_denominator,
            a.event_id AS from_event_id, a.agency_code AS from_agency_code, a.reported_at AS from_reported_at,
            a.received_at AS from_received_at,
            b.value::text AS to_value, b.numerator::text AS to_numerator, b.denominator::text AS to_denominator,
            b.event_id AS to_event_id, b.agency_code AS to_agency_code, b.reported_at AS to_reported_at,
            b.received_at AS to_received_at
     FROM changed c
     JOIN org_units o ON o.id = c.org_unit_id
     LEFT JOIN indicator_reports a ON a.id = c.from_id
     LEFT JOIN indicator_reports b ON b.id = c.to_id
     WHERE c.org_unit_id = ANY(${p.add(orgUnitIds, 'int[]')})
     ORDER BY o.code, c.period
     LIMIT ${p.add(limit, 'int')}`,
    p.values,
  );
  return {
    total: rows.length === 0 ? 0 : Number(rows[0].total),
    changes: rows.map((r) => ({
      orgUnitCode: r.org_unit_code,
      orgUnitName: r.org_unit_name,
      period: r.period,
      from: reportedFigure({
        value: r.from_value,
        numerator: r.from_numerator,
        denominator: r.from_denominator,
        eventId: r.from_event_id,
        agencyCode: r.from_agency_code,
        reportedAt: r.from_reported_at,
        receivedAt: r.from_received_at,
      }),
      to: reportedFigure({
        value: r.to_value,
        numerator: r.to_numerator,
        denominator: r.to_denominator,
        eventId: r.to_event_id,
        agencyCode: r.to_agency_code,
        reportedAt: r.to_reported_at,
        receivedAt: r.to_received_at,
      }),
    })),
  };
}

/** The report of one side, or null when the cell had none on that side (its report columns are all null). */
function reportedFigure(side: ReportSide): ReportedFigure | null {
  const { eventId, agencyCode, reportedAt, receivedAt } = side;
  if (eventId === null || agencyCode === null || reportedAt === null || receivedAt === null) return null;
  return {
    value: side.value,
    numerator: side.numerator,
    denominator: side.denominator,
    eventId,
    agencyCode,
    reportedAt: reportedAt.toISOString(),
    receivedAt: receivedAt.toISOString(),
  };
}
