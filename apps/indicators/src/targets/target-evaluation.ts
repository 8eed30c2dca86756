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
import { aggregateId } from '../aggregates/aggregate-key';
import type { AggregateRow } from '../aggregates/aggregate-row';
import { queueScoreRefresh } from './score-refresh';
import { type JudgedAggregate, judgedFigures, publishStandings } from './standings-events';
import type { ScoreKey } from './scores.repository';
import {
  definitionsInForce as definitionRows,
  replaceStandings,
  type Standing,
  type TargetFields,
} from './standings.repository';

const SOURCE = serviceSource('indicators');

/** An aggregate judged to have a standing, or to have none (`standing` null). */
interface Judgement {
  row: AggregateRow;
  standing: Standing | null;
  /** The achievement judged (null: none), whether or not a standing is kept. */
  achievement: string | null;
  responsibleAgency: string | null;
}

/** The events a change of status against the target path publishes. */
type TargetEventType = typeof EventTypes.INDICATOR_OFF_TRACK | typeof EventTypes.INDICATOR_BACK_ON_TRACK;

/**
 * Evaluates aggregates against their target paths, in the caller's transaction and set-based: one query reads the
 * definitions in force at the periods' ends; the path, achievement and status are computed in memory
 * (@dxhub/scoring, the one place the rules live); one statement stores the standings, removes those of aggregates
 * without a value or a target any more, and returns what was stored before (replaceStandings). What was stored and
 * removed goes out as `dx.indicator-standings.updated` (standings-events.ts), the figures reporting projects. A
 * change to or from off-track writes `dx.indicator.off-track` / `dx.indicator.back-on-track` to the outbox,
 * addressed to `agencyToday(responsible agency)`: whoever holds the indicator's responsible agency today (Sở
 * TT&TT's indicators went to Sở KH&CN in 2025), the one who has to act. A changed achievement, of a period of any
 * type, queues its org unit's scores for that period (score-refresh.ts).
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
  const judgements = aggregates.map((row, i) => judgeAggregate(row, ends[i], definitions));
  const standings = judgements.flatMap((j) => (j.standing ? [j.standing] : []));
  const previousRows = await replaceStandings(
    m,
    standings,
    judgements.filter((j) => !j.standing).map((j) => j.row),
  );
  const previous = new Map(previousRows.map((p) => [aggregateId(p), p]));

  const judgedRows: JudgedAggregate[] = [];
  const changes: StatusChange[] = [];
  const scoreKeys: ScoreKey[] = [];
  for (const { row, standing, achievement, responsibleAgency } of judgements) {
    const before = previous.get(aggregateId(row));
    if (achievement !== (before?.previous_achievement ?? null)) {
      scoreKeys.push({ org_unit_id: row.org_unit_id, period: row.period });
    }
    if (!standing) {
      if (before) judgedRows.push({ row, standing: null });
      continue;
    }
    judgedRows.push({ row, standing });
    // Only crossing the off-track line is news: on-track ↔ within-tolerance is stored, not published.
    if ((standing.status === 'off-track') !== (before?.previous_status === 'off-track')) {
      changes.push({ row, standing, previous: before?.previous_status ?? null, agency: responsibleAgency });
    }
  }

  await publishStandings(m, judgedRows, clock.now().toISOString());
  await publishStatusChanges(m, changes, agencyToday, clock);
  await queueScoreRefresh(m, scoreKeys);
}

/** A standing that crossed the off-track line, for its event. */
interface StatusChange {
  row: AggregateRow;
  standing: Standing;
  previous: TargetStatus | null;
  agency: string | null;
}

/**
 * The standing of one aggregate under the definition in force at its period's end (`end`), or none: no targets,
 * no value, or no target on the path at that day.
 */
function judgeAggregate(row: AggregateRow, end: string, definitions: Definitions): Judgement {
  const fields = definitions.fields.get(`${row.indicator_code}|${end}`);
  const none = { row, standing: null, achievement: null, responsibleAgency: fields?.responsible_agency ?? null };
  if (!fields?.targets?.length) return none; // the common case: nothing to judge
  const definition: TargetDefinition = {
    direction: fields.direction ?? undefined,
    baseline: fields.baseline,
    targets: fields.targets,
  };
  // The path depends on the indicator and the day only: thousands of aggregates share a few hundred.
  const pathKey = `${row.indicator_code}|${end}`;
  let target = definitions.paths.get(pathKey);
  if (target === undefined) definitions.paths.set(pathKey, (target = targetOn(definition, end)));
  const judged = judge(definition, row.value, target);
  const achievement = judged?.achievement ?? null;
  if (!target || !judged || row.value === null) return { ...none, achievement };
  return {
    ...none,
    achievement,
    standing: {
      indicator_code: row.indicator_code,
      org_unit_id: row.org_unit_id,
      period: row.period,
      period_type: requirePeriod(String(row.period)).type,
      sub_index: fields.sub_index ?? null,
      value: row.value,
      target: target.value,
      target_year: target.year,
      comparator: target.comparator,
      tolerance: target.tolerance,
      achievement: judged.achievement,
      status: judged.status,
      aggregate_version: Number(row.version),
    },
  };
}

/** The target fields in force per `code|end`, and the target paths computed from them so far. */
interface Definitions {
  fields: Map<string, TargetFields>;
  paths: Map<string, TargetPoint | null>;
}

/**
 * The target fields of the definition in force on each distinct (indicator, period end) — a batch's
 * thousands of aggregates share a few hundred — keyed `code|end`.
 */
async function definitionsInForce(
  m: SqlExecutor,
  aggregates: readonly AggregateRow[],
  ends: string[],
): Promise<Definitions> {
  const pairs = [...new Set(aggregates.map((a, i) => `${a.indicator_code}|${ends[i]}`))].map((p) => p.split('|'));
  const rows = await definitionRows(m, { indicatorCodes: pairs.map((p) => p[0]), periodEnds: pairs.map((p) => p[1]) });
  return { fields: new Map(rows.map(({ key, ...fields }) => [key, fields])), paths: new Map() };
}

async function publishStatusChanges(
  m: EntityManager,
  changes: StatusChange[],
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
