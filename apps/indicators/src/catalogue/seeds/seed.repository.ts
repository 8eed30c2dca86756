import { column, execute, returningRows, rowShape, selectOne, type SqlExecutor } from '@dxhub/persistence';
import type { IndicatorDefinition } from '../indicator-definition';

/*
 * The statements of the seed loader: reference data upserted from the files under seeds/ (agencies, org units,
 * the hierarchy and its 2025 mapping, the indicators' first versions) and the values a hierarchy change moved,
 * queued for the recompute that follows. All run in the loader's transaction.
 */

/** An agency of seeds/agencies.json. */
export interface AgencySeed {
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

const countRow = rowShape({ count: column.number });
/** A row of a RETURNING whose columns nobody reads: only how many there are. */
const anyRow = rowShape({});

/** One seed load at a time, on every replica (until the transaction ends). */
export async function lockSeeds(m: SqlExecutor): Promise<void> {
  await execute(m, `SELECT pg_advisory_xact_lock(hashtext('dxhub:indicators:seeds'))`);
}

/** The hierarchy as it was before the rebuild (a temporary table, dropped at commit), for queueMovedValues. */
export async function keepClosureBefore(m: SqlExecutor): Promise<void> {
  await execute(m, `CREATE TEMP TABLE closure_before ON COMMIT DROP AS SELECT * FROM org_unit_closure`);
}

/**
 * After a rebuild: the unit versions whose closure rows changed, and among their stored values those whose
 * ancestors on the period's end differ from before — queued (with the former ancestors, whose figures lose
 * the value, and a sentence saying what moved) for the recompute that follows the catalogue's reload.
 */
export async function queueMovedValues(m: SqlExecutor): Promise<{ units: number; values: number }> {
  await execute(
    m,
    `CREATE TEMP TABLE remapped_units ON COMMIT DROP AS
       SELECT DISTINCT descendant_id AS org_unit_id FROM (
         (SELECT * FROM closure_before EXCEPT SELECT * FROM org_unit_closure)
         UNION ALL
         (SELECT * FROM org_unit_closure EXCEPT SELECT * FROM closure_before)
       ) changed`,
  );
  const { count } = await selectOne(m, countRow, `SELECT count(*)::int AS count FROM remapped_units`);
  if (count === 0) return { units: 0, values: 0 };
  const queued = await returningRows(
    m,
    anyRow,
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

export async function upsertAgencies(m: SqlExecutor, agencies: AgencySeed[]): Promise<void> {
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
  await execute(
    m,
    `UPDATE agencies a SET name_vi = r.name_vi, name_en = r.name_en, kind = r.kind, org_unit_code = r.org_unit_code, source = r.source
     FROM ${input} WHERE a.code = r.code AND a.validity = ${VALIDITY}`,
    [JSON.stringify(rows)],
  );
  await execute(
    m,
    `INSERT INTO agencies (code, name_vi, name_en, kind, org_unit_code, validity, source)
     SELECT r.code, r.name_vi, r.name_en, r.kind, r.org_unit_code, ${VALIDITY}, r.source FROM ${input}
     WHERE NOT EXISTS (SELECT 1 FROM agencies a WHERE a.code = r.code AND a.validity = ${VALIDITY})`,
    [JSON.stringify(rows)],
  );
  const successions = agencies.flatMap((a) => a.successors.map((s) => ({ p: a.code, s: s.code, f: s.validFrom })));
  await execute(
    m,
    `INSERT INTO agency_successions (predecessor_code, successor_code, effective_from)
     SELECT r.p, r.s, r.f::date FROM jsonb_to_recordset($1::jsonb) AS r(p text, s text, f text)
     ON CONFLICT (predecessor_code, successor_code) DO UPDATE SET effective_from = EXCLUDED.effective_from`,
    [JSON.stringify(successions)],
  );
}

/** Org unit versions from the files, each with its level. Returns how many unit versions were new. */
export async function upsertOrgUnits(m: SqlExecutor, rows: Record<string, string | number>[]): Promise<number> {
  const input = `jsonb_to_recordset($1::jsonb) AS r(code text, name_vi text, type text, level int, valid_from text, valid_to text)`;
  await execute(
    m,
    `UPDATE org_units o SET name_vi = r.name_vi, type = r.type, level = r.level
     FROM ${input} WHERE o.code = r.code AND o.validity = ${VALIDITY}`,
    [JSON.stringify(rows)],
  );
  const inserted = await returningRows(
    m,
    anyRow,
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
export async function rebuildHierarchy(
  m: SqlExecutor,
  units: Record<string, string>[],
  mapping: { rows: Record<string, string>[]; oldOn: string; newOn: string },
): Promise<void> {
  const input = `jsonb_to_recordset($1::jsonb) AS r(code text, parent_code text, valid_from text, valid_to text)`;
  await execute(m, 'DELETE FROM org_unit_closure');
  await execute(m, 'DELETE FROM org_unit_edges');
  await execute(
    m,
    `INSERT INTO org_unit_edges (child_id, parent_id, validity)
     SELECT c.id, p.id, c.validity * p.validity
     FROM ${input}
     JOIN org_units c ON c.code = r.code AND c.validity = ${VALIDITY}
     JOIN org_units p ON p.code = r.parent_code AND p.validity && c.validity
     WHERE r.parent_code <> ''`,
    [JSON.stringify(units)],
  );
  await execute(
    m,
    `
    INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth, validity)
    WITH RECURSIVE up (ancestor_id, descendant_id, depth, validity) AS (
      SELECT id, id, 0, validity FROM org_units
      UNION ALL
      SELECT e.parent_id, up.descendant_id, up.depth + 1, up.validity * e.validity
      FROM up JOIN org_unit_edges e ON e.child_id = up.ancestor_id AND e.validity && up.validity
    )
    SELECT ancestor_id, descendant_id, depth, validity FROM up`,
  );
  await execute(
    m,
    `INSERT INTO org_unit_mappings (old_id, new_id, share_note)
     SELECT o.id, n.id, r.share_note
     FROM jsonb_to_recordset($1::jsonb) AS r(old_code text, new_code text, share_note text)
     JOIN org_units o ON o.code = r.old_code AND o.validity @> $2::date
     JOIN org_units n ON n.code = r.new_code AND n.validity @> $3::date
     ON CONFLICT (old_id, new_id) DO UPDATE SET share_note = EXCLUDED.share_note`,
    [JSON.stringify(mapping.rows), mapping.oldOn, mapping.newOn],
  );
}

/**
 * Each seeded definition is its indicator's first version (effective from '-infinity'): a change in the
 * seed corrects that version in place, unless the API wrote it (a code deleted and created again there).
 * Later versions come only from PUT /v1/indicators/:code, and the `indicators` row follows the latest
 * version, so a restart never undoes them. Codes deleted through the API stay deleted.
 */
export async function upsertIndicatorVersions(m: SqlExecutor, indicators: IndicatorDefinition[]): Promise<void> {
  const rows = indicators.map((d) => ({ code: d.code, definition: d }));
  await execute(
    m,
    `INSERT INTO indicator_versions (code, effective_from, definition, created_by)
     SELECT r.code, '-infinity', r.definition, 'seed'
     FROM jsonb_to_recordset($1::jsonb) AS r(code text, definition jsonb)
     WHERE NOT EXISTS (SELECT 1 FROM deleted_indicators x WHERE x.code = r.code)
     ON CONFLICT (code, effective_from) DO UPDATE SET definition = EXCLUDED.definition
     WHERE indicator_versions.created_by IN ('seed', 'backfill') AND indicator_versions.definition IS DISTINCT FROM EXCLUDED.definition`,
    [JSON.stringify(rows)],
  );
}
