import { column, execute, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';

/*
 * What the reference events read and remember: the indicator and org-unit versions as readers outside this
 * service see them, and `published_reference` (what was last published of each, with its revision).
 */

/** The kinds of reference data published. */
export type ReferenceKind = 'indicator' | 'org-unit';
const referenceKind = {
  expected: "'indicator' or 'org-unit'",
  accepts: (value: unknown): value is ReferenceKind => value === 'indicator' || value === 'org-unit',
};
const publishedRow = rowShape({
  kind: referenceKind,
  key: column.text,
  code: column.text,
  content: column.jsonObject,
  revision: column.number,
});
const indicatorVersionRow = rowShape({ code: column.text, effective_from: column.text, definition: column.jsonObject });
const parentLinks = {
  expected: 'json array of parent links',
  accepts: (value: unknown): value is { parentCode: string; validFrom: string | null; validTo: string | null }[] =>
    Array.isArray(value),
};
const orgUnitVersionRow = rowShape({
  code: column.text,
  name_vi: column.text,
  type: column.text,
  level: column.number,
  valid_from: column.nullable(column.text),
  valid_to: column.nullable(column.text),
  parents: column.nullable(parentLinks),
});

/** One published version of a reference item, as stored and as written again. */
export interface PublishedReference {
  kind: ReferenceKind;
  key: string;
  code: string;
  content: Record<string, unknown>;
  revision: number;
}

/** One publisher at a time (until the transaction ends): two replicas starting together would otherwise both see "not yet published". */
export async function lockReferencePublisher(m: SqlExecutor): Promise<void> {
  await execute(m, `SELECT pg_advisory_xact_lock(hashtext('dxhub:indicators:reference-events'))`);
}

export function publishedReferences(m: SqlExecutor) {
  return selectRows(m, publishedRow, `SELECT kind, key, code, content, revision FROM published_reference`);
}

/** Stores what was just published, each item's content and revision. */
export async function rememberPublished(m: SqlExecutor, changes: PublishedReference[]): Promise<void> {
  await execute(
    m,
    `INSERT INTO published_reference (kind, key, code, content, revision)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::int[])
     ON CONFLICT (kind, key) DO UPDATE SET content = EXCLUDED.content, revision = EXCLUDED.revision, published_at = now()`,
    [
      changes.map((c) => c.kind),
      changes.map((c) => c.key),
      changes.map((c) => c.code),
      changes.map((c) => JSON.stringify(c.content)),
      changes.map((c) => c.revision),
    ],
  );
}

/** Every indicator version, its first day as text ('-infinity' for the first version). */
export function indicatorVersionsAsPublished(m: SqlExecutor) {
  return selectRows(
    m,
    indicatorVersionRow,
    `SELECT code, effective_from::text AS effective_from, definition FROM indicator_versions ORDER BY code, effective_from`,
  );
}

/** Inclusive ISO dates of a daterange's bounds; null for an unbounded side. */
const BOUNDS = (range: string) =>
  `CASE WHEN lower_inf(${range}) THEN NULL ELSE lower(${range})::text END,
   CASE WHEN upper_inf(${range}) THEN NULL ELSE (upper(${range}) - 1)::text END`;

/** Every org unit version with its parents over time (null when it has none). */
export function orgUnitVersionsAsPublished(m: SqlExecutor) {
  return selectRows(
    m,
    orgUnitVersionRow,
    `SELECT o.code, o.name_vi, o.type, o.level::int AS level,
            (SELECT ARRAY[${BOUNDS('o.validity')}])[1] AS valid_from,
            (SELECT ARRAY[${BOUNDS('o.validity')}])[2] AS valid_to,
            (SELECT json_agg(json_build_object('parentCode', p.code, 'validFrom', b[1], 'validTo', b[2]) ORDER BY lower(e.validity))
             FROM org_unit_edges e JOIN org_units p ON p.id = e.parent_id,
                  LATERAL (SELECT ARRAY[${BOUNDS('e.validity')}] AS b) bounds
             WHERE e.child_id = o.id) AS parents
     FROM org_units o ORDER BY o.code, lower(o.validity)`,
  );
}
