import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IndicatorDefinition } from '../scorecard/scoring';

export interface OrgUnitAt {
  code: string;
  nameVi: string;
  type: string;
  level: number;
  parentCode: string | null;
}

export interface AggregateRow {
  indicatorCode: string;
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  value: number | null;
  valueCount: number;
  version: number;
  updatedAt: string;
}

interface ParentRow {
  parentCode: string;
  validFrom: string | null;
  validTo: string | null;
}

/** GSO codes: 2 digits a province, 3 a district-level unit, 5 a commune. */
export function levelOfCode(code: string): number {
  return code.length <= 2 ? 1 : code.length === 3 ? 2 : 3;
}

/**
 * Reads of the reporting read models (built only from events): the catalogue and the hierarchy as in
 * force on a date, and aggregates.
 */
@Injectable()
export class ReadModelRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Every active indicator's definition in force on `date` (YYYY-MM-DD). */
  async definitionsAt(date: string): Promise<Map<string, IndicatorDefinition>> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (code) code, definition, active FROM indicator_versions
       WHERE effective_from = '' OR effective_from <= $1 ORDER BY code, effective_from DESC`,
      [date],
    )) as { code: string; definition: Record<string, unknown>; active: boolean }[];
    return new Map(
      rows
        .filter((r) => r.active)
        .map((r) => [r.code, { ...(r.definition as object), code: r.code } as IndicatorDefinition]),
    );
  }

  /**
   * The org units in force on `date` with their parent then. Until the hierarchy has been published,
   * the units the aggregates name stand in (level from the GSO code length, districts under the province).
   */
  async orgUnitsAt(date: string): Promise<OrgUnitAt[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (code) code, name_vi, type, level, parents FROM org_unit_versions
       WHERE (valid_from = '' OR valid_from <= $1) AND (valid_to IS NULL OR valid_to >= $1)
       ORDER BY code, valid_from DESC`,
      [date],
    )) as { code: string; name_vi: string; type: string; level: number; parents: ParentRow[] }[];
    if (rows.length > 0) {
      return rows.map((r) => ({
        code: r.code,
        nameVi: r.name_vi,
        type: r.type,
        level: r.level,
        parentCode:
          r.parents.find(
            (p) => (p.validFrom === null || p.validFrom <= date) && (p.validTo === null || p.validTo >= date),
          )?.parentCode ?? null,
      }));
    }
    const named = (await this.dataSource.query(
      `SELECT DISTINCT ON (org_unit_code) org_unit_code, org_unit_name FROM aggregates ORDER BY org_unit_code, updated_at DESC`,
    )) as {
      org_unit_code: string;
      org_unit_name: string;
    }[];
    const province = named.find((n) => levelOfCode(n.org_unit_code) === 1)?.org_unit_code ?? null;
    return named.map((n) => {
      const level = levelOfCode(n.org_unit_code);
      return {
        code: n.org_unit_code,
        nameVi: n.org_unit_name,
        type: '',
        level,
        parentCode: level === 2 ? province : null,
      };
    });
  }

  async aggregates(filter: { periods: string[]; orgUnits?: string[]; indicators?: string[] }): Promise<AggregateRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT indicator_code, org_unit_code, org_unit_name, period, value::float8 AS value, value_count, version::int AS version, updated_at
       FROM aggregates
       WHERE period = ANY($1::text[]) AND ($2::text[] IS NULL OR org_unit_code = ANY($2::text[]))
         AND ($3::text[] IS NULL OR indicator_code = ANY($3::text[]))`,
      [filter.periods, filter.orgUnits ?? null, filter.indicators ?? null],
    )) as {
      indicator_code: string;
      org_unit_code: string;
      org_unit_name: string;
      period: string;
      value: number | null;
      value_count: number;
      version: number;
      updated_at: Date;
    }[];
    return rows.map((r) => ({
      indicatorCode: r.indicator_code,
      orgUnitCode: r.org_unit_code,
      orgUnitName: r.org_unit_name,
      period: r.period,
      value: r.value,
      valueCount: r.value_count,
      version: r.version,
      updatedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  /** Every aggregate of one org unit (the series projections are fitted to). */
  async series(orgUnitCode: string): Promise<AggregateRow[]> {
    const periods = (await this.dataSource.query(`SELECT DISTINCT period FROM aggregates WHERE org_unit_code = $1`, [
      orgUnitCode,
    ])) as { period: string }[];
    return this.aggregates({ periods: periods.map((p) => p.period), orgUnits: [orgUnitCode] });
  }

  /** Every period with at least one aggregate, for the dashboard's period picker. */
  async periods(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT DISTINCT period FROM aggregates ORDER BY period DESC`)) as {
      period: string;
    }[];
    return rows.map((r) => r.period);
  }
}
