import { Inject, Injectable } from '@nestjs/common';
import { column, rowShape, type RowOf, selectRows, type SqlExecutor } from '@dxhub/persistence';
import { DataSource } from 'typeorm';

/*
 * The org-unit hierarchy as the catalogue reads it: `org_units` (versions with their validity), `org_unit_edges`
 * (parent links) and `org_unit_closure` (every ancestor of every version, with the dates the link holds).
 * Validity bounds read as inclusive ISO dates, null for an unbounded side.
 */

const orgUnitVersionRow = rowShape({
  id: column.number,
  code: column.text,
  nameVi: column.text,
  type: column.text,
  level: column.number,
  validFrom: column.nullable(column.text),
  validTo: column.nullable(column.text),
});
const lineageLinkRow = rowShape({
  unitId: column.number,
  code: column.text,
  validFrom: column.nullable(column.text),
  validTo: column.nullable(column.text),
});
const orgUnitInForceRow = rowShape({
  code: column.text,
  nameVi: column.text,
  type: column.text,
  level: column.number,
  parentCode: column.nullable(column.text),
  validFrom: column.nullable(column.text),
  validTo: column.nullable(column.text),
});

/** An org unit in force on a date, with its parent on that date. */
export type OrgUnitInForce = RowOf<typeof orgUnitInForceRow>;

/** Every org unit version, by code and first day. */
export function orgUnitVersions(executor: SqlExecutor) {
  return selectRows(
    executor,
    orgUnitVersionRow,
    `SELECT id, code, name_vi AS "nameVi", type, level,
                lower(validity)::text AS "validFrom", (upper(validity) - 1)::text AS "validTo"
         FROM org_units ORDER BY code, lower(validity) NULLS FIRST`,
  );
}

/** Each unit version's ancestors (self included, nearest first) with the dates each link holds. */
export function lineageLinks(executor: SqlExecutor) {
  return selectRows(
    executor,
    lineageLinkRow,
    `SELECT c.descendant_id AS "unitId", a.code, lower(c.validity)::text AS "validFrom", (upper(c.validity) - 1)::text AS "validTo"
         FROM org_unit_closure c JOIN org_units a ON a.id = c.ancestor_id ORDER BY c.descendant_id, c.depth`,
  );
}

/** Reads of the hierarchy outside any transaction (the org-units API). */
@Injectable()
export class OrgUnitsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The org units in force on `date` (optionally of one level), each with its parent on that date. */
  inForceOn(date: string, level: number | null): Promise<OrgUnitInForce[]> {
    return selectRows(
      this.dataSource,
      orgUnitInForceRow,
      `SELECT o.code, o.name_vi AS "nameVi", o.type, o.level, p.code AS "parentCode",
              lower(o.validity)::text AS "validFrom", (upper(o.validity) - 1)::text AS "validTo"
       FROM org_units o
       LEFT JOIN org_unit_edges e ON e.child_id = o.id AND e.validity @> $1::date
       LEFT JOIN org_units p ON p.id = e.parent_id
       WHERE o.validity @> $1::date AND ($2::int IS NULL OR o.level = $2::int)
       ORDER BY o.level, o.code`,
      [date, level],
    );
  }
}
