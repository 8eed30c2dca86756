import {
  type AgencyEventsRejectedV1,
  EnvelopeLimits,
  EventTypes,
  MAX_SAMPLE_EVENT_IDS,
  type RejectingService,
  type RejectionChannel,
  type RejectionCode,
  serviceSource,
} from '@dxhub/contracts';
import type { SqlExecutor } from '@dxhub/persistence';
import type { EntityManager } from 'typeorm';
import { appendToOutbox, type OutboxEventOf } from '../outbound/outbox';
import { deleteRejectedEventsOlderThan, insertRejectedEvents } from './rejected-events.repository';

/** One refused event, as the service's `rejected_events` table keeps it. */
export interface RejectedEvent {
  channel: RejectionChannel;
  /** Logical topic, partition and offset of a Kafka record: its identity in the log. */
  topic?: string;
  partition?: number;
  offset?: string;
  /** The agency that sent it: the topic's owner, or the token's agency. */
  agency: string | null;
  eventId?: string | null;
  eventSource?: string | null;
  eventType?: string | null;
  code: RejectionCode;
  message: string;
  at: Date;
}

/** A refusal as logged: its row id in the rejection log, and what a summary of it needs. */
export interface LoggedRejection {
  id: string;
  channel: RejectionChannel;
  topic: string | null;
  agency: string | null;
  eventId: string | null;
  code: RejectionCode;
  at: Date;
}

/** Longest message kept; a reason that long is cut (the dead letter keeps the record's bytes). */
const MAX_MESSAGE_LENGTH = 2000;

/**
 * Writes refusals to the rejection log and returns the rows it added, in the order given: a Kafka record
 * already logged (a redelivery) is logged once, and is not among them.
 */
export async function logRejections(executor: SqlExecutor, rows: RejectedEvent[]): Promise<LoggedRejection[]> {
  if (rows.length === 0) return [];
  const cut = (text: string | null | undefined, max: number) =>
    text === undefined || text === null ? null : text.length <= max ? text : `${text.slice(0, max - 1)}…`;
  const added = await insertRejectedEvents(executor, {
    channels: rows.map((r) => r.channel),
    topics: rows.map((r) => r.topic ?? null),
    partitions: rows.map((r) => r.partition ?? null),
    offsets: rows.map((r) => r.offset ?? null),
    agencies: rows.map((r) => r.agency),
    eventIds: rows.map((r) => cut(r.eventId, EnvelopeLimits.MAX_ID_LENGTH)),
    eventSources: rows.map((r) => cut(r.eventSource, EnvelopeLimits.MAX_SOURCE_LENGTH)),
    eventTypes: rows.map((r) => cut(r.eventType, EnvelopeLimits.MAX_TYPE_LENGTH)),
    codes: rows.map((r) => r.code),
    reasons: rows.map((r) => cut(r.message, MAX_MESSAGE_LENGTH)),
    times: rows.map((r) => r.at.toISOString()),
  });
  // Row ids follow the insertion order, so sorting by them gives back the order of `rows`.
  return added.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/**
 * Summaries of logged refusals for the agencies that sent them (dx.agency-events.rejected): one per agency,
 * channel and topic, however many events. Refusals of no known agency (a topic that is no agency's) are
 * left out: nobody to tell. The id names the log rows summed up, so the same rows are announced once.
 */
export function rejectionSummaries(
  logged: LoggedRejection[],
  service: RejectingService,
): OutboxEventOf<typeof EventTypes.AGENCY_EVENTS_REJECTED>[] {
  const groups = new Map<string, LoggedRejection[]>();
  for (const row of logged) {
    if (row.agency === null) continue;
    const key = `${row.agency}\u0000${row.channel}\u0000${row.topic ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((rows) => {
    const times = rows.map((r) => r.at.getTime());
    const counts = new Map<RejectionCode, number>();
    for (const r of rows) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
    const ids = rows.map((r) => BigInt(r.id));
    const first = ids.reduce((a, b) => (b < a ? b : a));
    const last = ids.reduce((a, b) => (b > a ? b : a));
    const lastAt = new Date(Math.max(...times)).toISOString();
    const payload: AgencyEventsRejectedV1 = {
      agency: rows[0].agency as string,
      service,
      channel: rows[0].channel,
      ...(rows[0].topic ? { topic: rows[0].topic } : {}),
      count: rows.length,
      firstRejectedAt: new Date(Math.min(...times)).toISOString(),
      lastRejectedAt: lastAt,
      reasons: [...counts]
        .map(([code, count]) => ({ code, count }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      sampleEventIds: [...new Set(rows.flatMap((r) => (r.eventId ? [r.eventId] : [])))].slice(0, MAX_SAMPLE_EVENT_IDS),
    };
    return {
      type: EventTypes.AGENCY_EVENTS_REJECTED,
      payload,
      source: serviceSource(service),
      id: `rejections:${service}:${first}-${last}:${rows.length}`,
      time: lastAt,
    };
  });
}

/**
 * Logs refusals and, in the same transaction `tx`, tells the agencies that sent them through the outbox
 * (rejectionSummaries): a refusal is never announced without being listed, nor twice.
 */
export async function logAndAnnounceRejections(
  tx: EntityManager,
  rows: RejectedEvent[],
  service: RejectingService,
): Promise<LoggedRejection[]> {
  const logged = await logRejections(tx, rows);
  await appendToOutbox(tx, rejectionSummaries(logged, service));
  return logged;
}

/** Deletes the rejection log's rows older than `keepDays`; returns how many went. */
export async function pruneRejectionLog(executor: SqlExecutor, keepDays: number): Promise<number> {
  return deleteRejectedEventsOlderThan(executor, keepDays);
}
