import {
  type AggregateStandingV1,
  EventTypes,
  type IndicatorStandingsUpdatedV1,
  MAX_STANDINGS_PER_EVENT,
  serviceSource,
  type TargetStatusName,
} from '@dxhub/contracts';
import { appendFanOutToOutbox, type FanOutEvent } from '@dxhub/messaging';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AggregateRow } from '../aggregates/aggregate-row';
import type { Standing } from './standings.repository';

const SOURCE = serviceSource('indicators');

type StandingsEventType = typeof EventTypes.INDICATOR_STANDINGS_UPDATED;

/** An aggregate an evaluation pass judged: the standing it stored, or null when it removed the standing. */
export interface JudgedAggregate {
  row: AggregateRow;
  standing: Standing | null;
}

/**
 * Writes what an evaluation pass stored and removed to the outbox as `dx.indicator-standings.updated`, in the
 * pass's transaction: per indicator, up to MAX_STANDINGS_PER_EVENT aggregates an event (a few hundred KB at most),
 * in (org unit code, period) order, all of them in one fan-out row. Each event's id is a digest of its indicator
 * and entries (not of the time), so a pass that stores the same judgements again writes the same ids and readers
 * take them once; a different judgement of the same aggregate version gets another id.
 */
export async function publishStandings(
  m: EntityManager,
  judged: readonly JudgedAggregate[],
  evaluatedAt: string,
): Promise<void> {
  if (judged.length === 0) return;
  const byIndicator = new Map<string, AggregateStandingV1[]>();
  const sorted = [...judged].sort(
    (a, b) =>
      compare(a.row.indicator_code, b.row.indicator_code) ||
      compare(a.row.org_unit_code, b.row.org_unit_code) ||
      compare(a.row.period, b.row.period),
  );
  for (const item of sorted) {
    const entries = byIndicator.get(item.row.indicator_code) ?? [];
    entries.push(entryOf(item));
    byIndicator.set(item.row.indicator_code, entries);
  }
  const events: FanOutEvent<StandingsEventType>[] = [];
  for (const [indicatorCode, entries] of byIndicator) {
    for (let i = 0; i < entries.length; i += MAX_STANDINGS_PER_EVENT) {
      const standings = entries.slice(i, i + MAX_STANDINGS_PER_EVENT);
      const payload: IndicatorStandingsUpdatedV1 = { indicatorCode, evaluatedAt, standings };
      events.push({
        key: indicatorCode,
        id: `standings:${indicatorCode}:${digest(indicatorCode, standings)}`,
        subject: indicatorCode,
        time: evaluatedAt,
        payload,
      });
    }
  }
  await appendFanOutToOutbox(m, { type: EventTypes.INDICATOR_STANDINGS_UPDATED, source: SOURCE, events });
}

function entryOf({ row, standing }: JudgedAggregate): AggregateStandingV1 {
  const key = {
    orgUnitCode: row.org_unit_code,
    orgUnitName: row.org_unit_name,
    period: row.period,
    aggregateVersion: Number(row.version),
  };
  if (standing === null) return { ...key, removed: true };
  return { ...key, ...judgedFigures(standing), status: standing.status as TargetStatusName };
}

/** A stored standing's figures as the events carry them (numbers). */
export interface JudgedFigures {
  value: number;
  target: number;
  targetYear: number;
  comparator: string;
  tolerance: number;
  achievement: number;
}

/** A stored standing's figures as the database gives them (numerics as exact decimal strings). */
export type StoredFigures = Pick<
  Standing,
  'value' | 'target' | 'target_year' | 'comparator' | 'tolerance' | 'achievement'
>;

/**
 * The figures of a stored standing, in the order the standings and target events and GET /v1/aggregates/status
 * list them.
 */
export function judgedFigures(standing: StoredFigures): JudgedFigures {
  return {
    value: Number(standing.value),
    target: Number(standing.target),
    targetYear: standing.target_year,
    comparator: standing.comparator,
    tolerance: Number(standing.tolerance),
    achievement: Number(standing.achievement),
  };
}

/** 32 hex digits of SHA-256 over the indicator and the entries as published. */
function digest(indicatorCode: string, standings: AggregateStandingV1[]): string {
  return createHash('sha256').update(indicatorCode).update(JSON.stringify(standings)).digest('hex').slice(0, 32);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
