import { EventTypes, type IndicatorDefinedV1, type OrgUnitDefinedV1, serviceSource } from '@dxhub/contracts';
import { appendFanOutToOutbox } from '@dxhub/messaging';
import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from 'typeorm';

const SOURCE = serviceSource('indicators');

/** One thing as readers should know it: its kind, its identity, its code (the message key) and content. */
interface ReferenceItem {
  kind: 'indicator' | 'org-unit';
  key: string;
  code: string;
  content: Record<string, unknown>;
}

interface Published extends ReferenceItem {
  revision: number;
}

/**
 * Publishes the reference data readers outside this service need — every indicator version
 * (`dx.indicator.defined`) and every org-unit version with its parents (`dx.org-unit.defined`) — when it
 * differs from what was last published, in the caller's transaction (so the events commit with the change
 * that caused them). An indicator gone from the catalogue is published once more with `active: false`.
 * Returns how many events it wrote.
 */
export async function publishReferenceChanges(m: EntityManager): Promise<number> {
  // One publisher at a time: two replicas starting together would otherwise both see "not yet published".
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('dxhub:indicators:reference-events'))`);
  const current = [...(await indicatorVersions(m)), ...(await orgUnitVersions(m))];
  const published: Published[] = await m.query(`SELECT kind, key, code, content, revision FROM published_reference`);
  const before = new Map(published.map((p) => [`${p.kind}\u0000${p.key}`, p]));
  const revisions = new Map<string, number>();
  for (const p of published)
    revisions.set(`${p.kind}\u0000${p.code}`, Math.max(revisions.get(`${p.kind}\u0000${p.code}`) ?? 0, p.revision));

  const changes: Published[] = [];
  const next = (item: ReferenceItem): Published => {
    const id = `${item.kind}\u0000${item.code}`;
    const revision = (revisions.get(id) ?? 0) + 1;
    revisions.set(id, revision);
    return { ...item, revision };
  };
  for (const item of current) {
    const last = before.get(`${item.kind}\u0000${item.key}`);
    before.delete(`${item.kind}\u0000${item.key}`);
    if (!last || !isDeepStrictEqual(last.content, item.content)) changes.push(next(item));
  }
  // What is left was published and no longer exists: only indicators are ever removed.
  for (const gone of before.values()) {
    if (gone.kind === 'indicator' && gone.content.active !== false)
      changes.push(next({ ...gone, content: { ...gone.content, active: false } }));
  }
  if (changes.length === 0) return 0;

  await m.query(
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
  const publishedAt = new Date().toISOString();
  const asEvent = <P extends OrgUnitDefinedV1 | IndicatorDefinedV1>(c: Published, payload: P) => ({
    key: c.code,
    id: `${c.kind}:${c.key}:r${c.revision}`,
    subject: c.code,
    time: publishedAt,
    payload,
  });
  const indicators = changes.filter((c) => c.kind === 'indicator');
  const orgUnits = changes.filter((c) => c.kind === 'org-unit');
  await appendFanOutToOutbox(m, {
    type: EventTypes.ORG_UNIT_DEFINED,
    source: SOURCE,
    events: orgUnits.map((c) => asEvent(c, { ...(c.content as Omit<OrgUnitDefinedV1, 'publishedAt'>), publishedAt })),
  });
  await appendFanOutToOutbox(m, {
    type: EventTypes.INDICATOR_DEFINED,
    source: SOURCE,
    events: indicators.map((c) => {
      const payload: IndicatorDefinedV1 = {
        ...(c.content as Pick<IndicatorDefinedV1, 'code' | 'effectiveFrom' | 'definition' | 'active'>),
        revision: c.revision,
        publishedAt,
      };
      return asEvent(c, payload);
    }),
  });
  return changes.length;
}

async function indicatorVersions(m: EntityManager): Promise<ReferenceItem[]> {
  const rows: { code: string; effective_from: string; definition: Record<string, unknown> }[] = await m.query(
    `SELECT code, effective_from::text AS effective_from, definition FROM indicator_versions ORDER BY code, effective_from`,
  );
  return rows.map((r) => {
    const effectiveFrom = r.effective_from === '-infinity' ? null : r.effective_from;
    return {
      kind: 'indicator',
      key: `${r.code}:${r.effective_from}`,
      code: r.code,
      content: { code: r.code, effectiveFrom, definition: r.definition, active: true },
    };
  });
}

/** Inclusive ISO dates of a daterange's bounds; null for an unbounded side. */
const BOUNDS = (range: string) =>
  `CASE WHEN lower_inf(${range}) THEN NULL ELSE lower(${range})::text END,
   CASE WHEN upper_inf(${range}) THEN NULL ELSE (upper(${range}) - 1)::text END`;

async function orgUnitVersions(m: EntityManager): Promise<ReferenceItem[]> {
  const rows: {
    code: string;
    name_vi: string;
    type: string;
    level: number;
    valid_from: string | null;
    valid_to: string | null;
    parents: { parentCode: string; validFrom: string | null; validTo: string | null }[] | null;
  }[] = await m.query(
    `SELECT o.code, o.name_vi, o.type, o.level::int AS level,
            (SELECT ARRAY[${BOUNDS('o.validity')}])[1] AS valid_from,
            (SELECT ARRAY[${BOUNDS('o.validity')}])[2] AS valid_to,
            (SELECT json_agg(json_build_object('parentCode', p.code, 'validFrom', b[1], 'validTo', b[2]) ORDER BY lower(e.validity))
             FROM org_unit_edges e JOIN org_units p ON p.id = e.parent_id,
                  LATERAL (SELECT ARRAY[${BOUNDS('e.validity')}] AS b) bounds
             WHERE e.child_id = o.id) AS parents
     FROM org_units o ORDER BY o.code, lower(o.validity)`,
  );
  return rows.map((r) => ({
    kind: 'org-unit',
    key: `${r.code}:${r.valid_from ?? '-infinity'}`,
    code: r.code,
    content: {
      code: r.code,
      nameVi: r.name_vi,
      type: r.type,
      level: r.level,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      parents: r.parents ?? [],
    },
  }));
}
