import {
  EventTypes,
  type IndicatorBackOnTrackV1,
  type IndicatorOffTrackV1,
  serviceSource,
  type TargetStatusName,
} from '@dxhub/contracts';
import { requirePeriod } from '@dxhub/periods';
import { appendFanOutToOutbox, type FanOutEvent } from '@dxhub/messaging';
import { judge, type TargetDefinition, targetOn, type TargetPoint, type TargetStatus } from '@dxhub/scoring';
import type { Clock } from '@dxhub/calendar';
import type { SqlExecutor } from '@dxhub/persistence';
import type { EntityManager } from 'typeorm';
import type { AggregateRow } from '../aggregates/aggregate-row';
import { queueScoreRefresh } from './score-refresh';
import { type JudgedAggregate, judgedFigures, publishStandings } from './standings-events';
import type { ScoreKey } from './scores.repository';
import {
  definitionsInForce as definitionRows,
  dropStandings,
  type PreviousStanding,
  type Standing,
  storedStandings as storedStandingRows,
  storeStandings,
  type TargetFields,
} from './standings.repository';

const SOURCE = serviceSource('indicators');

/** What the definition and the stored standing say about one aggregate (either may be missing). */
type Known = Partial<TargetFields> & Partial<PreviousStanding>;

/** The events a change of status against the target path publishes. */
type TargetEventType = typeof EventTypes.INDICATOR_OFF_TRACK | typeof EventTypes.INDICATOR_BACK_ON_TRACK;

/**
 * Evaluates aggregates against their target paths, in the caller's transaction and
 * set-based: one query reads the definitions in force at the periods' ends, one the stored standings; the
 * path, achievement and status are computed in memory (@dxhub/scoring, the one place the rules live);
 * one statement upserts the standings and one removes those without a value or a target any more; what was
 * stored and removed goes out as `dx.indicator-standings.updated` (standings-events.ts), the figures reporting
 * projects. A change to or from off-track writes `dx.indicator.off-track` / `dx.indicator.back-on-track` to the
 * outbox, addressed to `agencyToday(responsible agency)`: whoever holds the indicator's responsible agency
 * today (Sở TT&TT's indicators went to Sở KH&CN in 2025), the one who has to act. A changed achievement, of a
 * period of any type, queues its org unit's scores for that period (score-refresh.ts).
 */
export async function evaluateTargets(
  m: EntityManager,
  aggregates: readonly AggregateRow[],
  agencyToday: (responsibleAgency: string | null) => string,
  clock: Clock,
): Promise<void> {
  if (aggregates.length === 0) return;
  const ends = aggregates.map((a) => requirePeriod(String(a.period)).end);
  const definitions = await definitionsInForce(m, aggregates, ends);
  const previous = await storedStandings(m, aggregates);

  const standings: Standing[] = [];
  const dropped: AggregateRow[] = [];
  const judgedRows: JudgedAggregate[] = [];
  const changes: { row: AggregateRow; standing: Standing; previous: TargetStatus | null; agency: string | null }[] = [];
  const scoreKeys: ScoreKey[] = [];
  // The path depends on the indicator and the day only: thousands of aggregates share a few hundred.
  const paths = new Map<string, TargetPoint | null>();
  aggregates.forEach((row, i) => {
    const k: Known = { ...definitions.get(`${row.indicator_code}|${ends[i]}`), ...previous.get(i) };
    if (!k.targets?.length && !k.previous_status) return; // the common case: nothing to judge
    const definition: TargetDefinition = {
      direction: k.direction ?? undefined,
      baseline: k.baseline,
      targets: k.targets ?? [],
    };
    const pathKey = `${row.indicator_code}|${ends[i]}`;
    let target = paths.get(pathKey);
    if (target === undefined) paths.set(pathKey, (target = targetOn(definition, ends[i])));
    const judged = judge(definition, row.value, target);
    const achievement = judged?.achievement ?? null;
    const periodType = requirePeriod(String(row.period)).type;
    if (achievement !== (k.previous_achievement ?? null)) {
      scoreKeys.push({ org_unit_id: row.org_unit_id, period: row.period });
    }
    if (!target || !judged || row.value === null) {
      if (k.previous_status) {
        dropped.push(row);
        judgedRows.push({ row, standing: null });
      }
      return;
    }
    const standing: Standing = {
      indicator_code: row.indicator_code,
      org_unit_id: row.org_unit_id,
      period: row.period,
      period_type: periodType,
      sub_index: k.sub_index ?? null,
      value: row.value,
      target: target.value,
      target_year: target.year,
      comparator: target.comparator,
      tolerance: target.tolerance,
      achievement: judged.achievement,
      status: judged.status,
      aggregate_version: Number(row.version),
    };
    standings.push(standing);
    judgedRows.push({ row, standing });
    // Only crossing the off-track line is news: on-track ↔ within-tolerance is stored, not published.
    if ((judged.status === 'off-track') !== (k.previous_status === 'off-track')) {
      changes.push({ row, standing, previous: k.previous_status ?? null, agency: k.responsible_agency ?? null });
    }
  });

  await storeStandings(m, standings);
  await dropStandings(m, dropped);
  await publishStandings(m, judgedRows, clock.now().toISOString());
  await publishStatusChanges(m, changes, agencyToday, clock);
  await queueScoreRefresh(m, scoreKeys);
}

/**
 * The target fields of the definition in force on each distinct (indicator, period end) — a batch's
 * thousands of aggregates share a few hundred — keyed `code|end`.
 */
async function definitionsInForce(
  m: SqlExecutor,
  aggregates: readonly AggregateRow[],
  ends: string[],
): Promise<Map<string, TargetFields>> {
  const pairs = [...new Set(aggregates.map((a, i) => `${a.indicator_code}|${ends[i]}`))].map((p) => p.split('|'));
  const rows = await definitionRows(m, { indicatorCodes: pairs.map((p) => p[0]), periodEnds: pairs.map((p) => p[1]) });
  return new Map(rows.map(({ key, ...fields }) => [key, fields]));
}

/** The stored standings of the aggregates, by their index in `aggregates`. */
async function storedStandings(
  m: SqlExecutor,
  aggregates: readonly AggregateRow[],
): Promise<Map<number, PreviousStanding>> {
  const rows = await storedStandingRows(m, aggregates);
  return new Map(rows.map(({ n, ...standing }) => [Number(n) - 1, standing]));
}

async function publishStatusChanges(
  m: EntityManager,
  changes: { row: AggregateRow; standing: Standing; previous: TargetStatus | null; agency: string | null }[],
  agencyToday: (responsibleAgency: string | null) => string,
  clock: Clock,
): Promise<void> {
  if (changes.length === 0) return;
  const evaluatedAt = clock.now().toISOString();
  const byType = new Map<TargetEventType, FanOutEvent<TargetEventType>[]>();
  for (const { row, standing, previous, agency } of changes) {
    const payload: IndicatorOffTrackV1 | IndicatorBackOnTrackV1 = {
      indicatorCode: standing.indicator_code,
      orgUnitCode: String(row.org_unit_code),
      orgUnitName: String(row.org_unit_name),
      period: standing.period,
      agency: agencyToday(agency),
      ...judgedFigures(standing),
      status: standing.status as IndicatorOffTrackV1['status'],
      ...(previous ? { previousStatus: previous as TargetStatusName } : {}),
      aggregateVersion: standing.aggregate_version,
      evaluatedAt,
    } as IndicatorOffTrackV1 | IndicatorBackOnTrackV1;
    const type = standing.status === 'off-track' ? EventTypes.INDICATOR_OFF_TRACK : EventTypes.INDICATOR_BACK_ON_TRACK;
    const events = byType.get(type) ?? [];
    events.push({
      key: payload.indicatorCode,
      id: `${type === EventTypes.INDICATOR_OFF_TRACK ? 'off-track' : 'back-on-track'}:${payload.indicatorCode}:${row.org_unit_id}:${payload.period}:v${payload.aggregateVersion}`,
      subject: `${payload.indicatorCode}/${payload.orgUnitCode}/${payload.period}`,
      time: evaluatedAt,
      payload,
    });
    byType.set(type, events);
  }
  for (const [type, events] of byType) {
    await appendFanOutToOutbox(m, {
      type,
      source: SOURCE,
      events,
    });
  }
}
