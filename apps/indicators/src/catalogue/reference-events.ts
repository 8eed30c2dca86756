import { EventTypes, type IndicatorDefinedV1, type OrgUnitDefinedV1, serviceSource } from '@dxhub/contracts';
import { appendFanOutToOutbox } from '@dxhub/messaging';
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '@dxhub/calendar';
import type { EntityManager } from 'typeorm';
import {
  indicatorVersionsAsPublished,
  lockReferencePublisher,
  orgUnitVersionsAsPublished,
  type PublishedReference,
  publishedReferences,
  rememberPublished,
} from './published-reference.repository';

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
 * Returns how many events it wrote; `clock` dates them.
 */
export async function publishReferenceChanges(m: EntityManager, clock: Clock): Promise<number> {
  // One publisher at a time: two replicas starting together would otherwise both see "not yet published".
  await lockReferencePublisher(m);
  const current = [...(await indicatorVersions(m)), ...(await orgUnitVersions(m))];
  const published: PublishedReference[] = await publishedReferences(m);
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

  await rememberPublished(m, changes);
  const publishedAt = clock.now().toISOString();
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
  const rows = await indicatorVersionsAsPublished(m);
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

async function orgUnitVersions(m: EntityManager): Promise<ReferenceItem[]> {
  const rows = await orgUnitVersionsAsPublished(m);
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
