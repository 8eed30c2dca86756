import {
  aggregateUpdatesOf,
  EventTypes,
  type IndicatorAggregateApprovedV1,
  type IndicatorAggregateUpdatedV1,
  type IndicatorDefinedV1,
  type OrgUnitDefinedV1,
} from '@dxhub/contracts';

/** What the projection needs of a consumed event: its id, type and validated payload. */
export interface ProjectedEvent {
  id: string;
  type: string;
  data: unknown;
}

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The tables the projection writes; the replay command rebuilds and compares exactly these. */
export const READ_MODEL_TABLES = [
  'aggregates',
  'approved_aggregates',
  'indicator_versions',
  'org_unit_versions',
  'tasks',
  'task_returns',
] as const;

/** An aggregate as the projection wrote it (what the live stream pushes to dashboards). */
export type ChangedAggregate = Pick<
  IndicatorAggregateUpdatedV1,
  'indicatorCode' | 'orgUnitCode' | 'orgUnitName' | 'period' | 'value' | 'version'
>;

/**
 * Applies a batch of `dx.indicators.events` to the read models through unqualified table names (the
 * session's search_path names the schema: the service's own, or the replay's scratch schema). Every
 * write is guarded by the event's own order (aggregate version, definition revision, org-unit
 * publishedAt then event id), so any batching, duplication or reordering ends in the same rows — the
 * property the replay command checks.
 */
export async function applyIndicatorsEvents(sql: SqlRunner, events: ProjectedEvent[]): Promise<ChangedAggregate[]> {
  const aggregates = latestAggregates(events.flatMap(aggregateUpdatesOf));
  const approved = latestAggregates(events.filter((e) => e.type === EventTypes.INDICATOR_AGGREGATE_APPROVED));
  const indicators = latestBy(
    events.filter((e) => e.type === EventTypes.INDICATOR_DEFINED),
    (d: IndicatorDefinedV1) => `${d.code}\u0000${d.effectiveFrom ?? ''}`,
    (a: IndicatorDefinedV1, b: IndicatorDefinedV1) => a.revision > b.revision,
  );
  const orgUnits = latestBy(
    events.filter((e) => e.type === EventTypes.ORG_UNIT_DEFINED),
    (d: OrgUnitDefinedV1) => `${d.code}\u0000${d.validFrom ?? ''}`,
    (a: OrgUnitDefinedV1, b: OrgUnitDefinedV1) => a.publishedAt > b.publishedAt,
  );
  if (aggregates.length > 0) await upsertAggregates(sql, 'aggregates', aggregates);
  if (approved.length > 0) await upsertAggregates(sql, 'approved_aggregates', approved);
  if (indicators.length > 0) await upsertIndicators(sql, indicators);
  if (orgUnits.length > 0) await upsertOrgUnits(sql, orgUnits);
  return aggregates.map(({ data }) => ({
    indicatorCode: data.indicatorCode,
    orgUnitCode: data.orgUnitCode,
    orgUnitName: data.orgUnitName,
    period: data.period,
    value: data.value,
    version: data.version,
  }));
}

/** The newest version per (indicator, org unit, period) among aggregate updates of one kind. */
function latestAggregates(updates: { id: string; data: unknown }[]) {
  return latestBy(
    updates,
    (d: IndicatorAggregateUpdatedV1 | IndicatorAggregateApprovedV1) =>
      `${d.indicatorCode}\u0000${d.orgUnitCode}\u0000${d.period}`,
    (a: IndicatorAggregateUpdatedV1, b: IndicatorAggregateUpdatedV1) => a.version > b.version,
  );
}

function latestBy<T>(
  events: { id: string; data: unknown }[],
  key: (d: T) => string,
  newer: (a: T, b: T) => boolean,
): { id: string; data: T }[] {
  const held = new Map<string, { id: string; data: T }>();
  for (const event of events) {
    const data = event.data as T;
    const k = key(data);
    const current = held.get(k);
    if (!current || newer(data, current.data) || (!newer(current.data, data) && event.id > current.id))
      held.set(k, { id: event.id, data });
  }
  return [...held.values()];
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

async function upsertAggregates(
  sql: SqlRunner,
  table: 'aggregates' | 'approved_aggregates',
  rows: { id: string; data: IndicatorAggregateUpdatedV1 }[],
): Promise<void> {
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await sql.query(
    `INSERT INTO ${table} AS a (indicator_code, org_unit_code, period, org_unit_name, aggregation, value, numerator,
                                  denominator, value_count, version, updated_at, event_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[],
                          $8::numeric[], $9::int[], $10::bigint[], $11::timestamptz[], $12::text[])
     ON CONFLICT (indicator_code, org_unit_code, period) DO UPDATE
       SET org_unit_name = EXCLUDED.org_unit_name, aggregation = EXCLUDED.aggregation, value = EXCLUDED.value,
           numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, value_count = EXCLUDED.value_count,
           version = EXCLUDED.version, updated_at = EXCLUDED.updated_at, event_id = EXCLUDED.event_id
       WHERE a.version < EXCLUDED.version OR (a.version = EXCLUDED.version AND a.event_id < EXCLUDED.event_id)`,
    [
      col((r) => r.data.indicatorCode),
      col((r) => r.data.orgUnitCode),
      col((r) => r.data.period),
      col((r) => r.data.orgUnitName),
      col((r) => r.data.aggregation),
      col((r) => num(r.data.value)),
      col((r) => num(r.data.numerator)),
      col((r) => num(r.data.denominator)),
      col((r) => r.data.valueCount),
      col((r) => r.data.version),
      col((r) => r.data.updatedAt),
      col((r) => r.id),
    ],
  );
}

async function upsertIndicators(sql: SqlRunner, rows: { id: string; data: IndicatorDefinedV1 }[]): Promise<void> {
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await sql.query(
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

async function upsertOrgUnits(sql: SqlRunner, rows: { id: string; data: OrgUnitDefinedV1 }[]): Promise<void> {
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await sql.query(
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
