import { column, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';

/* The agencies as the catalogue reads them: `agencies` (versions with their validity) and `agency_successions`. */

const agencyVersionRow = rowShape({
  code: column.text,
  nameVi: column.text,
  nameEn: column.text,
  kind: column.text,
  orgUnitCode: column.nullable(column.text),
  validFrom: column.nullable(column.text),
  validTo: column.nullable(column.text),
  successors: column.textArray,
});
const successionRow = rowShape({
  predecessorCode: column.text,
  successorCode: column.text,
  effectiveFrom: column.text,
});

/** Every agency version, by code and first day, with the codes of the agencies that take over from it. */
export function agencyVersions(executor: SqlExecutor) {
  return selectRows(
    executor,
    agencyVersionRow,
    `SELECT a.code, a.name_vi AS "nameVi", a.name_en AS "nameEn", a.kind, a.org_unit_code AS "orgUnitCode",
                lower(a.validity)::text AS "validFrom", (upper(a.validity) - 1)::text AS "validTo",
                coalesce(array_agg(s.successor_code ORDER BY s.successor_code) FILTER (WHERE s.successor_code IS NOT NULL), '{}') AS successors
         FROM agencies a LEFT JOIN agency_successions s ON s.predecessor_code = a.code
         GROUP BY a.id ORDER BY a.code, lower(a.validity) NULLS FIRST`,
  );
}

/** Every succession link, by predecessor, date and successor. */
export function agencySuccessions(executor: SqlExecutor) {
  return selectRows(
    executor,
    successionRow,
    `SELECT predecessor_code AS "predecessorCode", successor_code AS "successorCode", effective_from::text AS "effectiveFrom"
         FROM agency_successions ORDER BY predecessor_code, effective_from, successor_code`,
  );
}
