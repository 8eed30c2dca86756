import type { EntityManager } from 'typeorm';

/**
 * Makes each given code's `indicators` row the projection of its latest version (inserting the row for a
 * new indicator), in the caller's transaction. The one place that derives those columns from a
 * definition, for the seed loader and the API alike. Returns the codes whose row changed.
 */
export async function writeCurrentIndicators(m: EntityManager, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows: { code: string }[] = await m.query(
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
