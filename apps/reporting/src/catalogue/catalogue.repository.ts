import { Inject, Injectable } from '@nestjs/common';
import type { IndicatorDefinedV1, OrgUnitDefinedV1 } from '@dxhub/contracts';
import { type Column, column, execute, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import type { IndicatorDefinition } from './indicator-definition';

export interface OrgUnitAt {
  code: string;
  nameVi: string;
  type: string;
  level: number;
  parentCode: string | null;
}

/** A catalogue or hierarchy event as the projection writes it: the event's id and its payload. */
export interface Versioned<T> {
  id: string;
  data: T;
}

interface ParentRow {
  parentCode: string;
  validFrom: string | null;
  validTo: string | null;
}

/** The definition as dx.indicator.defined carried it (the contract validated the event): a json object. */
const definitionBody: Column<Omit<IndicatorDefinition, 'code'>> = {
  expected: 'indicator definition (json object)',
  accepts: (value: unknown): value is Omit<IndicatorDefinition, 'code'> => column.jsonObject.accepts(value),
};

/** An org unit's parents over time as dx.org-unit.defined carried them: a json array. */
const parents: Column<ParentRow[]> = {
  expected: 'parents (json array)',
  accepts: (value: unknown): value is ParentRow[] => column.jsonArray.accepts(value),
};

const definitionRow = rowShape({ code: column.text, definition: definitionBody, active: column.boolean });

const orgUnitRow = rowShape({
  code: column.text,
  name_vi: column.text,
  type: column.text,
  level: column.number,
  parents,
});

/**
 * The catalogue (`indicator_versions`) and the hierarchy (`org_unit_versions`) read models, versioned over time:
 * written by the projection from dx.indicator.defined and dx.org-unit.defined, read as in force on a date. Bound to
 * an executor: the pool when Nest provides it, the consumer's transaction when the projection builds one.
 */
@Injectable()
export class CatalogueRepository {
  constructor(@Inject(DataSource) private readonly db: SqlExecutor) {}

  /** Upserts indicator versions in one statement; a version only moves to a higher revision (then a later event). */
  async upsertIndicators(rows: Versioned<IndicatorDefinedV1>[]): Promise<void> {
    const col = <T>(f: (r: Versioned<IndicatorDefinedV1>) => T) => rows.map(f);
    await execute(
      this.db,
      `INSERT INTO indicator_versions AS i (code, effective_from, definition, active, revision, published_at, event_id)
     SELECT c, f, d::jsonb, a, r, p, e
     FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::int[], $6::timestamptz[], $7::text[]) AS u(c, f, d, a, r, p, e)
     ON CONFLICT (code, effective_from) DO UPDATE
       SET definition = EXCLUDED.definition, active = EXCLUDED.active, revision = EXCLUDED.revision,
           published_at = EXCLUDED.published_at, event_id = EXCLUDED.event_id
       WHERE i.revision < EXCLUDED.revision OR (i.revision = EXCLUDED.revision AND i.event_id < EXCLUDED.event_id)`,
      [
        col((r) => r.data.code),
        col((r) => r.data.effectiveFrom ?? ''),
        col((r) => JSON.stringify(r.data.definition)),
        col((r) => r.data.active),
        col((r) => r.data.revision),
        col((r) => r.data.publishedAt),
        col((r) => r.id),
      ],
    );
  }

  /** Upserts org-unit versions in one statement; a version only moves to a later publication (then a later event). */
  async upsertOrgUnits(rows: Versioned<OrgUnitDefinedV1>[]): Promise<void> {
    const col = <T>(f: (r: Versioned<OrgUnitDefinedV1>) => T) => rows.map(f);
    await execute(
      this.db,
      `INSERT INTO org_unit_versions AS o (code, valid_from, valid_to, name_vi, type, level, parents, published_at, event_id)
     SELECT c, f, t, n, ty, l, p::jsonb, pa, e
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::timestamptz[], $9::text[])
          AS u(c, f, t, n, ty, l, p, pa, e)
     ON CONFLICT (code, valid_from) DO UPDATE
       SET valid_to = EXCLUDED.valid_to, name_vi = EXCLUDED.name_vi, type = EXCLUDED.type, level = EXCLUDED.level,
           parents = EXCLUDED.parents, published_at = EXCLUDED.published_at, event_id = EXCLUDED.event_id
       WHERE o.published_at < EXCLUDED.published_at
          OR (o.published_at = EXCLUDED.published_at AND o.event_id < EXCLUDED.event_id)`,
      [
        col((r) => r.data.code),
        col((r) => r.data.validFrom ?? ''),
        col((r) => r.data.validTo),
        col((r) => r.data.nameVi),
        col((r) => r.data.type),
        col((r) => r.data.level),
        col((r) => JSON.stringify(r.data.parents)),
        col((r) => r.data.publishedAt),
        col((r) => r.id),
      ],
    );
  }

  /** Every active indicator's definition in force on `date` (YYYY-MM-DD). */
  async definitionsAt(date: string): Promise<Map<string, IndicatorDefinition>> {
    const rows = await selectRows(
      this.db,
      definitionRow,
      `SELECT DISTINCT ON (code) code, definition, active FROM indicator_versions
       WHERE effective_from = '' OR effective_from <= $1 ORDER BY code, effective_from DESC`,
      [date],
    );
    return new Map(rows.filter((r) => r.active).map((r) => [r.code, { ...r.definition, code: r.code }]));
  }

  /** The org units in force on `date` with their parent then (none until the hierarchy has been published). */
  async orgUnitsAt(date: string): Promise<OrgUnitAt[]> {
    const rows = await selectRows(
      this.db,
      orgUnitRow,
      `SELECT DISTINCT ON (code) code, name_vi, type, level, parents FROM org_unit_versions
       WHERE (valid_from = '' OR valid_from <= $1) AND (valid_to IS NULL OR valid_to >= $1)
       ORDER BY code, valid_from DESC`,
      [date],
    );
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
}
