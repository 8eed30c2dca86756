import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { definitionProblems, type IndicatorDefinition } from '../catalogue/indicator-definition';
import { publishReferenceChanges } from '../catalogue/reference-events';
import { writeCurrentIndicators } from '../catalogue/indicator-rows';
import { parseCsv } from './csv';

/** Org-unit files, each a set of unit versions: `code,name_vi,type,parent_code,valid_from,valid_to`. */
const ORG_UNIT_FILES = [
  'org-units/org-units-tien-giang-ended-2021-2025.csv',
  'org-units/org-units-tien-giang-2025-03.csv',
  'org-units/org-units-dong-thap-2025-07.csv',
];
/** Old → new commune mapping of the 2025 reform (Tiền Giang's units; the old Đồng Tháp's are not seeded). */
const REFORM_MAPPING_FILE = 'org-units/reform-2025-mapping.csv';
/** The day before the reform and the day it took effect. */
const REFORM_EVE = '2025-06-30';
const REFORM_DAY = '2025-07-01';

const LEVEL_BY_TYPE: Record<string, number> = {
  province: 1,
  city: 2,
  town: 2,
  district: 2,
  ward: 3,
  township: 3,
  commune: 3,
};

interface AgencySeed {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: string;
  orgUnitCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  successors: { code: string; validFrom: string }[];
  source?: string;
}

export interface SeedSummary {
  agencies: number;
  orgUnits: number;
  indicators: number;
  /** Unit versions whose ancestors changed (for some dates) with this load; 0 when the hierarchy is as it was. */
  unitsRemapped: number;
  /** Stored values whose place in the hierarchy moved, queued in pending_hierarchy_changes. */
  valuesMoved: number;
}

/**
 * Loads the reference data under seeds/ idempotently: rows already present are updated in place, new
 * ones added, nothing deleted. Runs in one transaction under an advisory lock, so replicas starting
 * together load once.
 */
export async function loadSeeds(dataSource: DataSource, seedsDir: string): Promise<SeedSummary> {
  const agencies = JSON.parse(readFileSync(join(seedsDir, 'agencies.json'), 'utf8')) as AgencySeed[];
  const indicators = JSON.parse(readFileSync(join(seedsDir, 'indicators.json'), 'utf8')) as IndicatorDefinition[];
  const orgUnits = ORG_UNIT_FILES.flatMap((file) => parseCsv(readFileSync(join(seedsDir, file), 'utf8')));
  const mapping = parseCsv(readFileSync(join(seedsDir, REFORM_MAPPING_FILE), 'utf8'));

  const invalid = indicators.flatMap((d) => definitionProblems(d).map((p) => `${d.code}: ${p}`));
  if (invalid.length > 0) throw new Error(`seeds/indicators.json has invalid definitions: ${invalid.join('; ')}`);
  for (const unit of orgUnits) {
    if (!(unit.type in LEVEL_BY_TYPE)) throw new Error(`seeds: org unit ${unit.code} has unknown type '${unit.type}'`);
  }

  return dataSource.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('dxhub:indicators:seeds'))`);
    await upsertAgencies(m, agencies);
    await upsertOrgUnits(m, orgUnits);
    // Rebuilt on every load (a few thousand rows): a parent changed in the files re-parents the unit even
    // when no unit version is new. What moved is compared with the hierarchy as it was.
    await m.query(`CREATE TEMP TABLE closure_before ON COMMIT DROP AS SELECT * FROM org_unit_closure`);
    await rebuildHierarchy(m, orgUnits, mapping);
    const moved = await queueMovedValues(m);
    await upsertIndicators(m, indicators);
    await publishReferenceChanges(m);
    return {
      agencies: agencies.length,
      orgUnits: orgUnits.length,
      indicators: indicators.length,
      unitsRemapped: moved.units,
      valuesMoved: moved.values,
    };
  });
}

/**
 * After a rebuild: the unit versions whose closure rows changed, and among their stored values those whose
 * ancestors on the period's end differ from before — queued (with the former ancestors, whose figures lose
 * the value, and a sentence saying what moved) for the recompute that follows the catalogue's reload.
 */
async function queueMovedValues(m: EntityManager): Promise<{ units: number; values: number }> {
  await m.query(
    `CREATE TEMP TABLE remapped_units ON COMMIT DROP AS
       SELECT DISTINCT descendant_id AS org_unit_id FROM (
         (SELECT * FROM closure_before EXCEPT SELECT * FROM org_unit_closure)
         UNION ALL
         (SELECT * FROM org_unit_closure EXCEPT SELECT * FROM closure_before)
       ) changed`,
  );
  const [{ count }]: { count: number }[] = await m.query(`SELECT count(*)::int AS count FROM remapped_units`);
  if (count === 0) return { units: 0, values: 0 };
  const queued: unknown[] = await m.query(
    `WITH cells AS (
       SELECT v.indicator_code, v.org_unit_id, v.period, v.period_end,
              (SELECT coalesce(array_agg(b.ancestor_id ORDER BY b.depth), '{}') FROM closure_before b
               WHERE b.descendant_id = v.org_unit_id AND b.validity @> v.period_end AND b.depth > 0) AS before,
              (SELECT coalesce(array_agg(a.ancestor_id ORDER BY a.depth), '{}') FROM org_unit_closure a
               WHERE a.descendant_id = v.org_unit_id AND a.validity @> v.period_end AND a.depth > 0) AS after
       FROM indicator_values v JOIN remapped_units u ON u.org_unit_id = v.org_unit_id
     )
     INSERT INTO pending_hierarchy_changes AS p (indicator_code, org_unit_id, period, former_ancestor_ids, reason)
     SELECT c.indicator_code, c.org_unit_id, c.period, c.before,
            format('org unit %s moved in the hierarchy of %s: under %s before, under %s now (seeds)', o.code, c.period_end,
                   (SELECT coalesce(string_agg(x.code, ' › ' ORDER BY t.n DESC), 'nothing') FROM unnest(c.before) WITH ORDINALITY t(id, n) JOIN org_units x ON x.id = t.id),
                   (SELECT coalesce(string_agg(x.code, ' › ' ORDER BY t.n DESC), 'nothing') FROM unnest(c.after) WITH ORDINALITY t(id, n) JOIN org_units x ON x.id = t.id))
     FROM cells c JOIN org_units o ON o.id = c.org_unit_id
     WHERE c.before IS DISTINCT FROM c.after
     ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
       SET former_ancestor_ids = ARRAY(SELECT DISTINCT unnest(p.former_ancestor_ids || EXCLUDED.former_ancestor_ids)),
           reason = EXCLUDED.reason
     RETURNING 1`,
  );
  return { units: count, values: queued.length };
}

/** The daterange literal SQL builds from optional inclusive bounds. */
const VALIDITY = `daterange(nullif(r.valid_from, '')::date, nullif(r.valid_to, '')::date, '[]')`;

async function upsertAgencies(m: EntityManager, agencies: AgencySeed[]): Promise<void> {
  const rows = agencies.map((a) => ({
    code: a.code,
    name_vi: a.nameVi,
    name_en: a.nameEn,
    kind: a.kind,
    org_unit_code: a.orgUnitCode,
    valid_from: a.validFrom ?? '',
    valid_to: a.validTo ?? '',
    source: a.source ?? null,
  }));
  const input = `jsonb_to_recordset($1::jsonb) AS r(code text, name_vi text, name_en text, kind text, org_unit_code text, valid_from text, valid_to text, source text)`;
  await m.query(
    `UPDATE agencies a SET name_vi = r.name_vi, name_en = r.name_en, kind = r.kind, org_unit_code = r.org_unit_code, source = r.source
     FROM ${input} WHERE a.code = r.code AND a.validity = ${VALIDITY}`,
    [JSON.stringify(rows)],
  );
  await m.query(
    `INSERT INTO agencies (code, name_vi, name_en, kind, org_unit_code, validity, source)
     SELECT r.code, r.name_vi, r.name_en, r.kind, r.org_unit_code, ${VALIDITY}, r.source FROM ${input}
     WHERE NOT EXISTS (SELECT 1 FROM agencies a WHERE a.code = r.code AND a.validity = ${VALIDITY})`,
    [JSON.stringify(rows)],
  );
  const successions = agencies.flatMap((a) => a.successors.map((s) => ({ p: a.code, s: s.code, f: s.validFrom })));
  await m.query(
    `INSERT INTO agency_successions (predecessor_code, successor_code, effective_from)
     SELECT r.p, r.s, r.f::date FROM jsonb_to_recordset($1::jsonb) AS r(p text, s text, f text)
     ON CONFLICT (predecessor_code, successor_code) DO UPDATE SET effective_from = EXCLUDED.effective_from`,
    [JSON.stringify(successions)],
  );
}

/** Returns how many unit versions were new. */
async function upsertOrgUnits(m: EntityManager, units: Record<string, string>[]): Promise<number> {
  const rows = units.map((u) => ({ ...u, level: LEVEL_BY_TYPE[u.type] }));
  const input = `jsonb_to_recordset($1::jsonb) AS r(code text, name_vi text, type text, level int, valid_from text, valid_to text)`;
  await m.query(
    `UPDATE org_units o SET name_vi = r.name_vi, type = r.type, level = r.level
     FROM ${input} WHERE o.code = r.code AND o.validity = ${VALIDITY}`,
    [JSON.stringify(rows)],
  );
  const inserted: unknown[] = await m.query(
    `INSERT INTO org_units (code, name_vi, type, level, validity)
     SELECT r.code, r.name_vi, r.type, r.level, ${VALIDITY} FROM ${input}
     WHERE NOT EXISTS (SELECT 1 FROM org_units o WHERE o.code = r.code AND o.validity = ${VALIDITY})
     RETURNING id`,
    [JSON.stringify(rows)],
  );
  return inserted.length;
}

/**
 * Parent links are derived per overlap of the child's and the parent's validity (a commune of Gò Công
 * hangs under the town until 2024-04-30 and under the city after); the closure then holds every
 * ancestor of every unit version with the dates the relation holds.
 */
async function rebuildHierarchy(
  m: EntityManager,
  units: Record<string, string>[],
  mapping: Record<string, string>[],
): Promise<void> {
  const input = `jsonb_to_recordset($1::jsonb) AS r(code text, parent_code text, valid_from text, valid_to text)`;
  await m.query('DELETE FROM org_unit_closure');
  await m.query('DELETE FROM org_unit_edges');
  await m.query(
    `INSERT INTO org_unit_edges (child_id, parent_id, validity)
     SELECT c.id, p.id, c.validity * p.validity
     FROM ${input}
     JOIN org_units c ON c.code = r.code AND c.validity = ${VALIDITY}
     JOIN org_units p ON p.code = r.parent_code AND p.validity && c.validity
     WHERE r.parent_code <> ''`,
    [JSON.stringify(units)],
  );
  await m.query(`
    INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth, validity)
    WITH RECURSIVE up (ancestor_id, descendant_id, depth, validity) AS (
      SELECT id, id, 0, validity FROM org_units
      UNION ALL
      SELECT e.parent_id, up.descendant_id, up.depth + 1, up.validity * e.validity
      FROM up JOIN org_unit_edges e ON e.child_id = up.ancestor_id AND e.validity && up.validity
    )
    SELECT ancestor_id, descendant_id, depth, validity FROM up`);
  await m.query(
    `INSERT INTO org_unit_mappings (old_id, new_id, share_note)
     SELECT o.id, n.id, r.share_note
     FROM jsonb_to_recordset($1::jsonb) AS r(old_code text, new_code text, share_note text)
     JOIN org_units o ON o.code = r.old_code AND o.validity @> $2::date
     JOIN org_units n ON n.code = r.new_code AND n.validity @> $3::date
     ON CONFLICT (old_id, new_id) DO UPDATE SET share_note = EXCLUDED.share_note`,
    [JSON.stringify(mapping), REFORM_EVE, REFORM_DAY],
  );
}

/**
 * Each seeded definition is its indicator's first version (effective from '-infinity'): a change in the
 * seed corrects that version in place, unless the API wrote it (a code deleted and created again there).
 * Later versions come only from PUT /v1/indicators/:code, and the `indicators` row follows the latest
 * version, so a restart never undoes them. Codes deleted through the API stay deleted.
 */
async function upsertIndicators(m: EntityManager, indicators: IndicatorDefinition[]): Promise<void> {
  const rows = indicators.map((d) => ({ code: d.code, definition: d }));
  await m.query(
    `INSERT INTO indicator_versions (code, effective_from, definition, created_by)
     SELECT r.code, '-infinity', r.definition, 'seed'
     FROM jsonb_to_recordset($1::jsonb) AS r(code text, definition jsonb)
     WHERE NOT EXISTS (SELECT 1 FROM deleted_indicators x WHERE x.code = r.code)
     ON CONFLICT (code, effective_from) DO UPDATE SET definition = EXCLUDED.definition
     WHERE indicator_versions.created_by IN ('seed', 'backfill') AND indicator_versions.definition IS DISTINCT FROM EXCLUDED.definition`,
    [JSON.stringify(rows)],
  );
  await writeCurrentIndicators(
    m,
    indicators.map((d) => d.code),
  );
}
