import { Inject, Injectable } from '@nestjs/common';
import {
  column,
  execute,
  returningRows,
  rowShape,
  selectFirst,
  selectOne,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import type { IndicatorDefinition } from './indicator-definition';
import { indicatorDefinitionColumn } from './indicator-definition-column';

/*
 * The indicator catalogue's tables: `indicator_versions` (every formula version), `indicators` (the latest
 * version of each, derived) and `deleted_indicators` (codes deleted through the API). Each function runs on the
 * executor it is given, so a change joins the caller's transaction.
 */

const currentIndicatorRow = rowShape({ code: column.text, definition: indicatorDefinitionColumn });
const indicatorVersionRow = rowShape({
  code: column.text,
  effectiveFrom: column.nullable(column.text),
  definition: indicatorDefinitionColumn,
  createdAt: column.timestamp,
  createdBy: column.nullable(column.text),
});
const latestVersionRow = rowShape({
  effective_from: column.text,
  definition: indicatorDefinitionColumn,
  same: column.boolean,
});
const codeRow = rowShape({ code: column.text });
/** A row whose columns nobody reads: the statement answers whether there is one. */
const anyRow = rowShape({});
const reportCountRow = rowShape({ reports: column.number });

/** Every indicator's current definition, by code. */
export function currentIndicators(executor: SqlExecutor) {
  return selectRows(executor, currentIndicatorRow, `SELECT code, definition FROM indicators ORDER BY code`);
}

/** Every formula version, by code and first day (null for the first version). */
export function indicatorVersions(executor: SqlExecutor) {
  return selectRows(
    executor,
    indicatorVersionRow,
    `SELECT code, CASE WHEN effective_from = '-infinity' THEN NULL ELSE effective_from::text END AS "effectiveFrom",
                definition, created_at AS "createdAt", created_by AS "createdBy"
         FROM indicator_versions ORDER BY code, effective_from`,
  );
}

/** One catalogue change per indicator at a time, on every replica (until the transaction ends). */
export async function lockIndicatorCode(executor: SqlExecutor, code: string): Promise<void> {
  await execute(executor, `SELECT pg_advisory_xact_lock(hashtextextended('dxhub:catalogue:' || $1, 0))`, [code]);
}

export async function indicatorExists(executor: SqlExecutor, code: string): Promise<boolean> {
  return (await selectFirst(executor, anyRow, 'SELECT 1 FROM indicators WHERE code = $1', [code])) !== undefined;
}

/**
 * Whether the indicator exists, its row locked FOR UPDATE: that waits for intake transactions inserting
 * reports of it (their foreign-key check holds a key-share lock on the row).
 */
export async function lockIndicatorRow(executor: SqlExecutor, code: string): Promise<boolean> {
  const row = await selectFirst(executor, codeRow, 'SELECT code FROM indicators WHERE code = $1 FOR UPDATE', [code]);
  return row !== undefined;
}

/** A new indicator's first version, in force from the beginning; created_by stays null until requests carry an identity. */
export async function insertFirstVersion(
  executor: SqlExecutor,
  code: string,
  definition: IndicatorDefinition,
): Promise<void> {
  await execute(
    executor,
    `INSERT INTO indicator_versions (code, effective_from, definition) VALUES ($1, '-infinity', $2::jsonb)`,
    [code, JSON.stringify(definition)],
  );
}

/** The latest version of an indicator, and whether its definition equals `definition`. */
export function latestVersion(executor: SqlExecutor, code: string, definition: IndicatorDefinition) {
  return selectFirst(
    executor,
    latestVersionRow,
    `SELECT effective_from::text AS effective_from, definition, definition = $2::jsonb AS same
         FROM indicator_versions WHERE code = $1 ORDER BY effective_from DESC LIMIT 1`,
    [code, JSON.stringify(definition)],
  );
}

export async function insertVersion(
  executor: SqlExecutor,
  code: string,
  effectiveFrom: string,
  definition: IndicatorDefinition,
): Promise<void> {
  await execute(
    executor,
    `INSERT INTO indicator_versions (code, effective_from, definition) VALUES ($1, $2::date, $3::jsonb)`,
    [code, effectiveFrom, JSON.stringify(definition)],
  );
}

/** Deletes the indicator (its versions follow by cascade). */
export async function deleteIndicator(executor: SqlExecutor, code: string): Promise<void> {
  await execute(executor, 'DELETE FROM indicators WHERE code = $1', [code]);
}

/** Remembers a deleted code, so the seeds do not bring it back at the next start. */
export async function rememberDeletion(executor: SqlExecutor, code: string): Promise<void> {
  await execute(
    executor,
    `INSERT INTO deleted_indicators (code) VALUES ($1) ON CONFLICT (code) DO UPDATE SET deleted_at = now(), deleted_by = NULL`,
    [code],
  );
}

/** A code created again through the API is no longer a deleted one. */
export async function forgetDeletion(executor: SqlExecutor, code: string): Promise<void> {
  await execute(executor, 'DELETE FROM deleted_indicators WHERE code = $1', [code]);
}

/** How many reports reference the indicator. */
export async function reportCount(executor: SqlExecutor, code: string): Promise<number> {
  const { reports } = await selectOne(
    executor,
    reportCountRow,
    'SELECT count(*)::int AS reports FROM indicator_reports WHERE indicator_code = $1',
    [code],
  );
  return reports;
}

/** The catalogue reads that run outside a transaction (the changes use the functions of this file in theirs). */
@Injectable()
export class IndicatorCatalogueRepository {
  constructor(@Inject(DataSource) private readonly pool: DataSource) {}

  /** How many reports reference the indicator, read on the pool. */
  reportCount(code: string): Promise<number> {
    return reportCount(this.pool, code);
  }
}

/**
 * Makes each given code's `indicators` row the projection of its latest version (inserting the row for a
 * new indicator), in the caller's transaction. The one place that derives those columns from a
 * definition, for the seed loader and the API alike. Returns the codes whose row changed.
 */
export async function writeCurrentIndicators(executor: SqlExecutor, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await returningRows(
    executor,
    codeRow,
    `INSERT INTO indicators (code, name_vi, name_en, unit, pillar, sub_index, aggregation, org_unit_aggregation,
                             period_type, factor, bounds_min, bounds_max, responsible_agency, definition)
     SELECT DISTINCT ON (v.code)
            v.code, d->>'nameVi', d->>'nameEn', d->>'unit', coalesce(d->>'pillar', 'DTI'), d->>'subIndex', d->>'aggregation',
            coalesce(d->>'orgUnitAggregation', d->>'aggregation'), d->>'periodType', (d->'ratio'->>'factor')::numeric,
            (d->'bounds'->>'min')::numeric, (d->'bounds'->>'max')::numeric, d->>'responsibleAgency', d
     FROM indicator_versions v CROSS JOIN LATERAL (SELECT v.definition AS d) AS def
     WHERE v.code = ANY($1::text[])
     ORDER BY v.code, v.effective_from DESC
     ON CONFLICT (code) DO UPDATE SET
       name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, unit = EXCLUDED.unit, pillar = EXCLUDED.pillar,
       sub_index = EXCLUDED.sub_index, aggregation = EXCLUDED.aggregation, org_unit_aggregation = EXCLUDED.org_unit_aggregation,
       period_type = EXCLUDED.period_type, factor = EXCLUDED.factor, bounds_min = EXCLUDED.bounds_min,
       bounds_max = EXCLUDED.bounds_max, responsible_agency = EXCLUDED.responsible_agency, definition = EXCLUDED.definition,
       updated_at = now()
     WHERE indicators.definition IS DISTINCT FROM EXCLUDED.definition
     RETURNING code`,
    [codes],
  );
  return rows.map((r) => r.code);
}
