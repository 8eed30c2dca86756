import { Inject, Injectable } from '@nestjs/common';
import type { IndicatorAggregateUpdatedV1 } from '@dxhub/contracts';
import {
  type Column,
  column,
  execute,
  type RowOf,
  rowShape,
  selectOne,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';
import { DataSource } from 'typeorm';

/** The two aggregate read models: every value (pending included), and approved values only (open data). */
export type AggregateTable = 'aggregates' | 'approved_aggregates';

/** An aggregate update as the projection writes it: the event's id and its payload. */
export interface AggregateUpdate {
  id: string;
  data: IndicatorAggregateUpdatedV1;
}

export interface AggregateRow {
  indicatorCode: string;
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  aggregation: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  valueCount: number;
  version: number;
  updatedAt: string;
}

/** The catalogue's names of an approved figure's indicator (a json object from dx.indicator.defined). */
export interface IndicatorNames {
  nameVi?: string;
  nameEn?: string;
  unit?: string;
}

/** An approved figure with its indicator's names: one row of the open-data feed. */
export interface ApprovedFigureRow {
  indicatorCode: string;
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  value: number | null;
  valueCount: number;
  version: number;
  updatedAt: Date;
  eventId: string;
  definition: IndicatorNames | null;
}

/** What an open-data export would hold, as text: its rows' count and versions, and the catalogue's revisions. */
export type ApprovedFingerprint = RowOf<typeof fingerprintRow>;

/** The (indicator, org unit, period) key after which an approved-figures page starts. */
export type ApprovedKey = [string, string, string];

// numeric columns are read as float8 (numbers), as the read models have always served them.
const aggregateRow = rowShape({
  indicator_code: column.text,
  org_unit_code: column.text,
  org_unit_name: column.text,
  period: column.text,
  aggregation: column.text,
  value: column.nullable(column.number),
  numerator: column.nullable(column.number),
  denominator: column.nullable(column.number),
  value_count: column.number,
  version: column.number,
  updated_at: column.timestamp,
});

const periodRow = rowShape({ period: column.text });

const unitNameRow = rowShape({ org_unit_code: column.text, org_unit_name: column.text });

const fingerprintRow = rowShape({
  n: column.text,
  versions: column.text,
  latest: column.text,
  catalogue: column.text,
});

/** The definition's names, read as dx.indicator.defined carried them (the contract validated the event). */
const indicatorNames: Column<IndicatorNames> = {
  expected: 'indicator definition (json object)',
  accepts: (value: unknown): value is IndicatorNames => column.jsonObject.accepts(value),
};

const approvedFigureRow = rowShape({
  indicator_code: column.text,
  org_unit_code: column.text,
  org_unit_name: column.text,
  period: column.text,
  value: column.nullable(column.number),
  value_count: column.number,
  version: column.number,
  updated_at: column.timestamp,
  event_id: column.text,
  definition: column.nullable(indicatorNames),
});

const num = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

/**
 * The aggregate read models (`aggregates`, and `approved_aggregates` with the same columns): written by the
 * projection from dx.indicators.events, read by aggregates, scorecards, agency performance and open data. Bound to
 * an executor: the pool when Nest provides it, the consumer's transaction when the projection builds one.
 */
@Injectable()
export class AggregatesRepository {
  constructor(@Inject(DataSource) private readonly db: SqlExecutor) {}

  /**
   * Upserts the newest update per key in one set-based statement; a row only moves forward (higher version, or
   * the same version under a later event id), so any batching, duplication or reordering ends in the same rows.
   */
  async upsert(table: AggregateTable, rows: AggregateUpdate[]): Promise<void> {
    const col = <T>(f: (r: AggregateUpdate) => T) => rows.map(f);
    await execute(
      this.db,
      `INSERT INTO ${table} AS a (indicator_code, org_unit_code, period, org_unit_name, aggregation, value, numerator,
                                  denominator, value_count, version, updated_at, event_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[],
                          $8::numeric[], $9::int[], $10::bigint[], $11::timestamptz[], $12::text[])
     ON CONFLICT (indicator_code, org_unit_code, period) DO UPDATE
       SET org_unit_name = EXCLUDED.org_unit_name, aggregation = EXCLUDED.aggregation, value = EXCLUDED.value,
           numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, value_count = EXCLUDED.value_count,
           version = EXCLUDED.version, updated_at = EXCLUDED.updated_at, event_id = EXCLUDED.event_id
       WHERE a.version < EXCLUDED.version OR (a.version = EXCLUDED.version AND a.event_id < EXCLUDED.event_id)`,
      [
        col((r) => r.data.indicatorCode),
        col((r) => r.data.orgUnitCode),
        col((r) => r.data.period),
        col((r) => r.data.orgUnitName),
        col((r) => r.data.aggregation),
        col((r) => num(r.data.value)),
        col((r) => num(r.data.numerator)),
        col((r) => num(r.data.denominator)),
        col((r) => r.data.valueCount),
        col((r) => r.data.version),
        col((r) => r.data.updatedAt),
        col((r) => r.id),
      ],
    );
  }

  /** The aggregates of the periods, optionally only of some org units and indicators. */
  async list(filter: { periods: string[]; orgUnits?: string[]; indicators?: string[] }): Promise<AggregateRow[]> {
    const rows = await selectRows(
      this.db,
      aggregateRow,
      `SELECT indicator_code, org_unit_code, org_unit_name, period, aggregation, value::float8 AS value,
              numerator::float8 AS numerator, denominator::float8 AS denominator, value_count,
              version::int AS version, updated_at
       FROM aggregates
       WHERE period = ANY($1::text[]) AND ($2::text[] IS NULL OR org_unit_code = ANY($2::text[]))
         AND ($3::text[] IS NULL OR indicator_code = ANY($3::text[]))`,
      [filter.periods, filter.orgUnits ?? null, filter.indicators ?? null],
    );
    return rows.map((r) => ({
      indicatorCode: r.indicator_code,
      orgUnitCode: r.org_unit_code,
      orgUnitName: r.org_unit_name,
      period: r.period,
      aggregation: r.aggregation,
      value: r.value,
      numerator: r.numerator,
      denominator: r.denominator,
      valueCount: r.value_count,
      version: r.version,
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  /** The aggregate of one indicator, org unit and period, if any value was reported for it. */
  async find(indicatorCode: string, orgUnitCode: string, period: string): Promise<AggregateRow | undefined> {
    const [row] = await this.list({ periods: [period], orgUnits: [orgUnitCode], indicators: [indicatorCode] });
    return row;
  }

  /** Every aggregate of one org unit (the series projections are fitted to). */
  async series(orgUnitCode: string): Promise<AggregateRow[]> {
    const periods = await selectRows(
      this.db,
      periodRow,
      `SELECT DISTINCT period FROM aggregates WHERE org_unit_code = $1`,
      [orgUnitCode],
    );
    return this.list({ periods: periods.map((p) => p.period), orgUnits: [orgUnitCode] });
  }

  /** Every period with at least one aggregate, newest first. */
  async periods(): Promise<string[]> {
    const rows = await selectRows(this.db, periodRow, `SELECT DISTINCT period FROM aggregates ORDER BY period DESC`);
    return rows.map((r) => r.period);
  }

  /** Every org unit the aggregates name, with the name of its latest aggregate. */
  async unitNames(): Promise<{ orgUnitCode: string; orgUnitName: string }[]> {
    const rows = await selectRows(
      this.db,
      unitNameRow,
      `SELECT DISTINCT ON (org_unit_code) org_unit_code, org_unit_name FROM aggregates ORDER BY org_unit_code, updated_at DESC`,
    );
    return rows.map((r) => ({ orgUnitCode: r.org_unit_code, orgUnitName: r.org_unit_name }));
  }

  /** The fingerprint of the approved figures an open-data export would hold (with the catalogue's revisions). */
  async approvedFingerprint(filter: { indicator?: string; period?: string }): Promise<ApprovedFingerprint> {
    return selectOne(
      this.db,
      fingerprintRow,
      `SELECT count(*)::text AS n, coalesce(sum(version), 0)::text AS versions, coalesce(max(updated_at)::text, '') AS latest,
              (SELECT count(*)::text || ':' || coalesce(sum(revision), 0)::text FROM indicator_versions) AS catalogue
       FROM approved_aggregates
       WHERE value_count > 0 AND ($1::text IS NULL OR indicator_code = $1) AND ($2::text IS NULL OR period = $2)`,
      [filter.indicator ?? null, filter.period ?? null],
    );
  }

  /**
   * A page of approved figures with a value (keyset over the primary key, after `after`), each with the names of
   * its indicator's latest active definition.
   */
  async approvedPage(
    filter: { indicator?: string; period?: string },
    after: ApprovedKey | null,
    limit: number,
  ): Promise<ApprovedFigureRow[]> {
    const rows = await selectRows(
      this.db,
      approvedFigureRow,
      `SELECT a.indicator_code, a.org_unit_code, a.org_unit_name, a.period, a.value::float8 AS value, a.value_count,
              a.version::int AS version, a.updated_at, a.event_id, d.definition
       FROM approved_aggregates a
       LEFT JOIN LATERAL (SELECT definition FROM indicator_versions v WHERE v.code = a.indicator_code AND v.active
                          ORDER BY v.effective_from DESC LIMIT 1) d ON true
       WHERE a.value_count > 0 AND ($1::text IS NULL OR a.indicator_code = $1) AND ($2::text IS NULL OR a.period = $2)
         AND ($3::text IS NULL OR (a.indicator_code, a.org_unit_code, a.period) > ($3, $4, $5))
       ORDER BY a.indicator_code, a.org_unit_code, a.period
       LIMIT $6`,
      [
        filter.indicator ?? null,
        filter.period ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit,
      ],
    );
    return rows.map((r) => ({
      indicatorCode: r.indicator_code,
      orgUnitCode: r.org_unit_code,
      orgUnitName: r.org_unit_name,
      period: r.period,
      value: r.value,
      valueCount: r.value_count,
      version: r.version,
      updatedAt: r.updated_at,
      eventId: r.event_id,
      definition: r.definition,
    }));
  }
}
