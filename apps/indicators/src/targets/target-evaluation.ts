import {
  EventTypes,
  type IndicatorBackOnTrackV1,
  type IndicatorOffTrackV1,
  serviceSource,
  type TargetStatusName,
} from '@dxhub/contracts';
import { PeriodType, requirePeriod } from '@dxhub/periods';
import { appendFanOutToOutbox, type FanOutEvent } from '@dxhub/messaging';
import { judge, type TargetDefinition, targetOn, type TargetPoint, type TargetStatus } from '@dxhub/scoring';
import type { EntityManager } from 'typeorm';
import type { AggregateRow } from '../aggregates/aggregate-moves';
import { queueScoreRefresh, type ScoreKey } from './score-refresh';

const SOURCE = serviceSource('indicators');

/** The stored standing of an aggregate against its target path. */
interface Standing {
  indicator_code: string;
  org_unit_id: number;
  period: string;
  period_type: string;
  sub_index: string | null;
  value: string;
  target: string;
  target_year: number;
  comparator: string;
  tolerance: string;
  achievement: string;
  status: TargetStatus;
  aggregate_version: number;
}

/** The parts of the definition in force at a period's end that targets read. */
interface TargetFields {
  direction: string | null;
  baseline: TargetDefinition['baseline'];
  targets: TargetDefinition['targets'] | null;
  sub_index: string | null;
  responsible_agency: string | null;
}

/** What is stored about an aggregate's standing before this evaluation. */
interface PreviousStanding {
  previous_status: TargetStatus;
  previous_achievement: string;
}

/** What the definition and the stored standing say about one aggregate (either may be missing). */
type Known = Partial<TargetFields> & Partial<PreviousStanding>;

/**
 * An INSERT that queues the aggregates of `rows` (a CTE with their keys) for their judgement
 * (target_evaluation_queue), in the writer's statement: one narrow insert, so intake does not wait for the
 * judgement. TargetJobs judge them from the committed aggregates shortly after; a key queued again before
 * that is judged once. Only what evaluateTargets would look at is queued: aggregates of an indicator with
 * targets in some version of its definition, and those with a standing to revise.
 */
/** The events a change of status against the target path publishes. */
type TargetEventType = typeof EventTypes.INDICATOR_OFF_TRACK | typeof EventTypes.INDICATOR_BACK_ON_TRACK;

export function queueTargetEvaluationOf(rows: string): string {
  return `INSERT INTO target_evaluation_queue (indicator_code, org_unit_id, period)
     SELECT r.indicator_code, r.org_unit_id, r.period FROM ${rows} r
     WHERE r.indicator_code IN (SELECT v.code FROM indicator_versions v
                                WHERE jsonb_typeof(v.definition->'targets') = 'array' AND v.definition->'targets' <> '[]')
        OR EXISTS (SELECT 1 FROM aggregate_targets s
                   WHERE (s.indicator_code, s.org_unit_id, s.period) = (r.indicator_code, r.org_unit_id, r.period))
     ORDER BY 1, 2, 3
     ON CONFLICT DO NOTHING`;
}

/**
 * Evaluates aggregates against their target paths, in the caller's transaction and
 * set-based: one query reads the definitions in force at the periods' ends, one the stored standings; the
 * path, achievement and status are computed in memory (@dxhub/scoring, the one place the rules live);
 * one statement upserts the standings and one removes those without a value or a target any more. A
 * change to or from off-track writes `dx.indicator.off-track` / `dx.indicator.back-on-track` to the
 * outbox, addressed to `agencyToday(responsible agency)`: whoever holds the indicator's responsible agency
 * today (Sở TT&TT's indicators went to Sở KH&CN in 2025), the one who has to act. A changed yearly
 * achievement queues its org unit's scores for the year (score-refresh.ts).
 */
export async function evaluateTargets(
  m: EntityManager,
  aggregates: readonly AggregateRow[],
  agencyToday: (responsibleAgency: string | null) => string,
): Promise<void> {
  if (aggregates.length === 0) return;
  const ends = aggregates.map((a) => requirePeriod(String(a.period)).end);
  const definitions = await definitionsInForce(m, aggregates, ends);
  const previous = await storedStandings(m, aggregates);

  const standings: Standing[] = [];
  const dropped: AggregateRow[] = [];
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
    if (periodType === PeriodType.YEARLY && achievement !== (k.previous_achievement ?? null)) {
      scoreKeys.push({ org_unit_id: row.org_unit_id, period: row.period });
    }
    if (!target || !judged || row.value === null) {
      if (k.previous_status) dropped.push(row);
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
    // Only crossing the off-track line is news: on-track ↔ within-tolerance is stored, not published.
    if ((judged.status === 'off-track') !== (k.previous_status === 'off-track')) {
      changes.push({ row, standing, previous: k.previous_status ?? null, agency: k.responsible_agency ?? null });
    }
  });

  await storeStandings(m, standings);
  await dropStandings(m, dropped);
  await publishStatusChanges(m, changes, agencyToday);
  await queueScoreRefresh(m, scoreKeys);
}

/**
 * The target fields of the definition in force on each distinct (indicator, period end) — a batch's
 * thousands of aggregates share a few hundred — keyed `code|end`.
 */
async function definitionsInForce(
  m: EntityManager,
  aggregates: readonly AggregateRow[],
  ends: string[],
): Promise<Map<string, TargetFields>> {
  const pairs = [...new Set(aggregates.map((a, i) => `${a.indicator_code}|${ends[i]}`))].map((p) => p.split('|'));
  const rows: (TargetFields & { key: string })[] = await m.query(
    `SELECT t.indicator_code || '|' || t.period_end AS key, d.definition->>'direction' AS direction,
            d.definition->'baseline' AS baseline, d.definition->'targets' AS targets,
            d.definition->>'subIndex' AS sub_index, d.definition->>'responsibleAgency' AS responsible_agency
     FROM unnest($1::text[], $2::text[]) AS t(indicator_code, period_end)
     LEFT JOIN LATERAL (
       SELECT v.definition FROM indicator_versions v
       WHERE v.code = t.indicator_code AND v.effective_from <= t.period_end::date
       ORDER BY v.effective_from DESC LIMIT 1
     ) d ON true`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  return new Map(rows.map(({ key, ...fields }) => [key, fields]));
}

/** The stored standings of the aggregates, by their index in `aggregates`. */
async function storedStandings(
  m: EntityManager,
  aggregates: readonly AggregateRow[],
): Promise<Map<number, PreviousStanding>> {
  const rows: (PreviousStanding & { n: string })[] = await m.query(
    `SELECT t.n, s.status AS previous_status, s.achievement::text AS previous_achievement
     FROM unnest($1::text[], $2::int[], $3::text[]) WITH ORDINALITY AS t(indicator_code, org_unit_id, period, n)
     JOIN aggregate_targets s ON (s.indicator_code, s.org_unit_id, s.period) = (t.indicator_code, t.org_unit_id, t.period)`,
    [aggregates.map((a) => a.indicator_code), aggregates.map((a) => a.org_unit_id), aggregates.map((a) => a.period)],
  );
  return new Map(rows.map(({ n, ...standing }) => [Number(n) - 1, standing]));
}

async function storeStandings(m: EntityManager, standings: Standing[]): Promise<void> {
  if (standings.length === 0) return;
  const col = <K extends keyof Standing>(k: K) => standings.map((s) => s[k]);
  await m.query(
    `INSERT INTO aggregate_targets AS s (indicator_code, org_unit_id, period, period_type, sub_index, value, target,
                                         target_year, comparator, tolerance, achievement, status, aggregate_version)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[],
                          $8::int[], $9::text[], $10::numeric[], $11::numeric[], $12::text[], $13::bigint[])
     ORDER BY 1, 2, 3
     ON CONFLICT (indicator_code, org_unit_id, period) DO UPDATE
       SET period_type = EXCLUDED.period_type, sub_index = EXCLUDED.sub_index, value = EXCLUDED.value,
           target = EXCLUDED.target, target_year = EXCLUDED.target_year, comparator = EXCLUDED.comparator,
           tolerance = EXCLUDED.tolerance, achievement = EXCLUDED.achievement, status = EXCLUDED.status,
           aggregate_version = EXCLUDED.aggregate_version, evaluated_at = now(),
           status_since = CASE WHEN s.status = EXCLUDED.status THEN s.status_since ELSE now() END`,
    [
      col('indicator_code'),
      col('org_unit_id'),
      col('period'),
      col('period_type'),
      col('sub_index'),
      col('value'),
      col('target'),
      col('target_year'),
      col('comparator'),
      col('tolerance'),
      col('achievement'),
      col('status'),
      col('aggregate_version'),
    ],
  );
}

/** An aggregate whose value was withdrawn, or whose indicator lost its targets, has no standing. */
async function dropStandings(m: EntityManager, rows: AggregateRow[]): Promise<void> {
  if (rows.length === 0) return;
  await m.query(
    `DELETE FROM aggregate_targets s
     USING unnest($1::text[], $2::int[], $3::text[]) AS t(indicator_code, org_unit_id, period)
     WHERE (s.indicator_code, s.org_unit_id, s.period) = (t.indicator_code, t.org_unit_id, t.period)`,
    [rows.map((r) => r.indicator_code), rows.map((r) => r.org_unit_id), rows.map((r) => r.period)],
  );
}

async function publishStatusChanges(
  m: EntityManager,
  changes: { row: AggregateRow; standing: Standing; previous: TargetStatus | null; agency: string | null }[],
  agencyToday: (responsibleAgency: string | null) => string,
): Promise<void> {
  if (changes.length === 0) return;
  const evaluatedAt = new Date().toISOString();
  const byType = new Map<TargetEventType, FanOutEvent<TargetEventType>[]>();
  for (const { row, standing, previous, agency } of changes) {
    const payload: IndicatorOffTrackV1 | IndicatorBackOnTrackV1 = {
      indicatorCode: standing.indicator_code,
      orgUnitCode: String(row.org_unit_code),
      orgUnitName: String(row.org_unit_name),
      period: standing.period,
      agency: agencyToday(agency),
      value: Number(standing.value),
      target: Number(standing.target),
      targetYear: standing.target_year,
      comparator: standing.comparator,
      tolerance: Number(standing.tolerance),
      achievement: Number(standing.achievement),
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
