import { EventTypes, type IndicatorStandingsUpdatedV1 } from '@dxhub/contracts';
import type { SqlExecutor } from '@dxhub/persistence';
import { type StandingUpdate, StandingsRepository } from '../standings/standings.repository';

/**
 * Applies the `dx.indicator-standings.updated` of a batch to `aggregate_standings`: per (indicator, org unit,
 * period) the newest entry by (aggregate version, evaluated at, event id) — the order the upsert guards with too,
 * removals included — so any batching, duplication or reordering ends in the same rows.
 */
export async function applyStandingsEvents(
  sql: SqlExecutor,
  events: readonly { id: string; type: string; data: unknown }[],
): Promise<void> {
  const newest = new Map<string, StandingUpdate>();
  for (const event of events) {
    if (event.type !== EventTypes.INDICATOR_STANDINGS_UPDATED) continue;
    const { indicatorCode, evaluatedAt, standings } = event.data as IndicatorStandingsUpdatedV1;
    for (const standing of standings) {
      const update: StandingUpdate = { eventId: event.id, indicatorCode, evaluatedAt, standing };
      const key = `${indicatorCode}\u0000${standing.orgUnitCode}\u0000${standing.period}`;
      const held = newest.get(key);
      if (!held || later(update, held)) newest.set(key, update);
    }
  }
  if (newest.size > 0) await new StandingsRepository(sql).upsert([...newest.values()]);
}

/** Whether `a` comes after `b` in a standing's order: aggregate version, then evaluation time, then event id. */
function later(a: StandingUpdate, b: StandingUpdate): boolean {
  if (a.standing.aggregateVersion !== b.standing.aggregateVersion)
    return a.standing.aggregateVersion > b.standing.aggregateVersion;
  const at = Date.parse(a.evaluatedAt) - Date.parse(b.evaluatedAt);
  if (at !== 0) return at > 0;
  return a.eventId > b.eventId;
}
