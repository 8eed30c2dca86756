import { Inject, Injectable } from '@nestjs/common';
import type { AggregateStandingV1 } from '@dxhub/contracts';
import { column, execute, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

/** One entry of a `dx.indicator-standings.updated` as the projection writes it: with its event's key fields. */
export interface StandingUpdate {
  /** The id of the event that carried it (the last tie-break of the row's order). */
  eventId: string;
  indicatorCode: string;
  evaluatedAt: string;
  standing: AggregateStandingV1;
}

/** A projected standing: the indicators service's judgement of one aggregate version, or its removal. */
export interface ProjectedStanding {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  /** The aggregate version the judgement (or removal) is about. */
  aggregateVersion: number;
  removed: boolean;
  value: number | null;
  target: number | null;
  targetYear: number | null;
  comparator: string | null;
  tolerance: number | null;
  achievement: number | null;
  status: string | null;
}

// numeric columns are read as float8 (numbers), as the read models serve them.
const standingRow = rowShape({
  indicator_code: column.text,
  org_unit_code: column.text,
  period: column.text,
  aggregate_version: column.number,
  removed: column.boolean,
  value: column.nullable(column.number),
  target: column.nullable(column.number),
  target_year: column.nullable(column.number),
  comparator: column.nullable(column.text),
  tolerance: column.nullable(column.number),
  achievement: column.nullable(column.number),
  status: column.nullable(column.text),
});

const num = (v: number | undefined) => (v === undefined ? null : String(v));

/**
 * The standings read model (`aggregate_standings`): written by the projection from dx.indicator-standings.updated,
 * read by the scorecard. Bound to an executor: the pool when Nest provides it, the consumer's transaction when the
 * projection builds one.
 */
@Injectable()
export class StandingsRepository {
  constructor(@Inject(DataSource) private readonly db: SqlExecutor) {}

  /**
   * Upserts one update per key (the caller keeps the newest of a batch) in one statement; a row only moves forward
   * by (aggregate version, evaluated at, event id), removals included, so any batching, duplication or reordering
   * ends in the same rows, and a removal is never undone by an older standing.
   */
  async upsert(updates: StandingUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const col = <T>(f: (u: StandingUpdate) => T) => updates.map(f);
    await execute(
      this.db,
      `INSERT INTO aggregate_standings AS s (indicator_code, org_unit_code, period, org_unit_name, aggregate_version,
                                             removed, value, target, target_year, comparator, tolerance, achievement,
                                             status, evaluated_at, event_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::boolean[], $7::numeric[],
                            $8::numeric[], $9::int[], $10::text[], $11::numeric[], $12::numeric[], $13::text[],
                            $14::timestamptz[], $15::text[])
       ON CONFLICT (indicator_code, org_unit_code, period) DO UPDATE
         SET org_unit_name = EXCLUDED.org_unit_name, aggregate_version = EXCLUDED.aggregate_version,
             removed = EXCLUDED.removed, value = EXCLUDED.value, target = EXCLUDED.target,
             target_year = EXCLUDED.target_year, comparator = EXCLUDED.comparator, tolerance = EXCLUDED.tolerance,
             achievement = EXCLUDED.achievement, status = EXCLUDED.status, evaluated_at = EXCLUDED.evaluated_at,
             event_id = EXCLUDED.event_id
         WHERE (s.aggregate_version, s.evaluated_at, s.event_id)
             < (EXCLUDED.aggregate_version, EXCLUDED.evaluated_at, EXCLUDED.event_id)`,
      [
        col((u) => u.indicatorCode),
        col((u) => u.standing.orgUnitCode),
        col((u) => u.standing.period),
        col((u) => u.standing.orgUnitName),
        col((u) => u.standing.aggregateVersion),
        col((u) => u.standing.removed === true),
        col((u) => num(u.standing.value)),
        col((u) => num(u.standing.target)),
        col((u) => u.standing.targetYear ?? null),
        col((u) => u.standing.comparator ?? null),
        col((u) => num(u.standing.tolerance)),
        col((u) => num(u.standing.achievement)),
        col((u) => u.standing.status ?? null),
        col((u) => u.evaluatedAt),
        col((u) => u.eventId),
      ],
    );
  }

  /** The projected standings (removals included) of the periods, optionally only of some org units. */
  async list(filter: { periods: string[]; orgUnits?: string[] }): Promise<ProjectedStanding[]> {
    const rows = await selectRows(
      this.db,
      standingRow,
      `SELECT indicator_code, org_unit_code, period, aggregate_version::int AS aggregate_version, removed,
              value::float8 AS value, target::float8 AS target, target_year, comparator,
              tolerance::float8 AS tolerance, achievement::float8 AS achievement, status
       FROM aggregate_standings
       WHERE period = ANY($1::text[]) AND ($2::text[] IS NULL OR org_unit_code = ANY($2::text[]))`,
      [filter.periods, filter.orgUnits ?? null],
    );
    return rows.map((r) => ({
      indicatorCode: r.indicator_code,
      orgUnitCode: r.org_unit_code,
      period: r.period,
      aggregateVersion: r.aggregate_version,
      removed: r.removed,
      value: r.value,
      target: r.target,
      targetYear: r.target_year,
      comparator: r.comparator,
      tolerance: r.tolerance,
      achievement: r.achievement,
      status: r.status,
    }));
  }
}
