import {
  aggregateUpdatesOf,
  type DtiScoreUpdatedV1,
  EventTypes,
  type IndicatorAggregateApprovedV1,
  type IndicatorAggregateUpdatedV1,
  type IndicatorDefinedV1,
  type ObligationProgressUpdatedV1,
  type OrgUnitDefinedV1,
} from '@dxhub/contracts';
import type { SqlExecutor } from '@dxhub/persistence';
import { type AggregateUpdate, AggregatesRepository } from '../aggregates/aggregates.repository';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import type { ChangedAggregate } from '../live-updates/live-updates.service';
import { ObligationProgressRepository } from '../obligations/obligation-progress.repository';
import { DtiScoresRepository } from '../scores/dti-scores.repository';
import { applyStandingsEvents } from './standings.projection';

/** What the projection needs of a consumed event: its id, type and validated payload. */
export interface ProjectedEvent {
  id: string;
  type: string;
  data: unknown;
}

/** The tables the projection writes; the replay command rebuilds and compares exactly these. */
export const READ_MODEL_TABLES = [
  'aggregates',
  'approved_aggregates',
  'indicator_versions',
  'org_unit_versions',
  'tasks',
  'task_returns',
  'obligation_progress',
  'dti_scores',
  'aggregate_standings',
] as const;

/**
 * Applies a batch of `dx.indicators.events` to the read models through unqualified table names (the
 * session's search_path names the schema: the service's own, or the replay's scratch schema). Every
 * write is guarded by the event's own order (aggregate version, definition revision, org-unit
 * publishedAt, a standing's aggregate version then evaluation time, obligation progress version, score
 * version; then event id), so any batching, duplication or reordering ends in the same rows — the
 * property the replay command checks.
 */
export async function applyIndicatorsEvents(sql: SqlExecutor, events: ProjectedEvent[]): Promise<ChangedAggregate[]> {
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
  const progress = latestBy(
    events.filter((e) => e.type === EventTypes.OBLIGATION_PROGRESS_UPDATED),
    (d: ObligationProgressUpdatedV1) => `${d.obligationCode}\u0000${d.period}`,
    (a: ObligationProgressUpdatedV1, b: ObligationProgressUpdatedV1) => a.version > b.version,
  );
  const scores = latestBy(
    events.filter((e) => e.type === EventTypes.DTI_SCORE_UPDATED),
    (d: DtiScoreUpdatedV1) => `${d.orgUnitCode}\u0000${d.period}`,
    (a: DtiScoreUpdatedV1, b: DtiScoreUpdatedV1) => a.version > b.version,
  );
  const aggregateTables = new AggregatesRepository(sql);
  const catalogue = new CatalogueRepository(sql);
  if (aggregates.length > 0) await aggregateTables.upsert('aggregates', aggregates);
  if (approved.length > 0) await aggregateTables.upsert('approved_aggregates', approved);
  if (indicators.length > 0) await catalogue.upsertIndicators(indicators);
  if (orgUnits.length > 0) await catalogue.upsertOrgUnits(orgUnits);
  if (progress.length > 0) await new ObligationProgressRepository(sql).upsert(progress);
  if (scores.length > 0) await new DtiScoresRepository(sql).upsert(scores);
  await applyStandingsEvents(sql, events);
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
function latestAggregates(updates: { id: string; data: unknown }[]): AggregateUpdate[] {
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
