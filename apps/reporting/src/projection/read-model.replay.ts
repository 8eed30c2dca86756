import { Logger } from '@nestjs/common';
import { EVENT_CATALOG, type EventType, ServiceTopics, validatePayload } from '@dxhub/contracts';
import { decodeCloudEvent, type KafkaGateway } from '@dxhub/messaging';
import { randomBytes } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import type { DataSource, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA } from '../database/reporting-schema';
import { PROJECTED_EVENT_TYPES } from './read-model.projector';
import { applyIndicatorsEvents, type ProjectedEvent, READ_MODEL_TABLES, type SqlRunner } from './read-model.projection';
import { applyTaskEvents, TASK_EVENT_TYPES } from './tasks.projection';

export interface TableDifference {
  table: string;
  onlyLive: number;
  onlyReplayed: number;
  /** Up to ten rows that differ, as JSON, marked with where they are. */
  samples: string[];
}

export interface ReplayReport {
  scratchSchema: string;
  eventsRead: number;
  eventsApplied: number;
  rows: Record<string, { live: number; replayed: number }>;
  differences: TableDifference[];
  /** True when the live projector had committed at least up to where the replay read before comparing. */
  liveCaughtUp: boolean;
}

export interface ReplayOptions {
  /** The live projectors' consumer groups (logical); the replay waits for them to reach the same offsets. */
  liveGroups: { indicators: string; tasks: string };
  keepScratch?: boolean;
  catchUpTimeoutMs?: number;
}

const logger = new Logger('replay');

interface ReplayStream {
  topic: string;
  liveGroup: string;
  types: readonly string[];
  apply: (sql: SqlRunner, events: ProjectedEvent[]) => Promise<unknown>;
}

/**
 * Rebuilds the read models from scratch: reads dx.indicators.events and dx.tasks.events from the
 * beginning up to the end offsets found at the start, applies them with the live projections' own code
 * into fresh tables in a scratch schema (created LIKE the live ones), and compares them with the live
 * tables row by row.
 */
export async function replayAndCompare(
  dataSource: DataSource,
  gateway: KafkaGateway,
  options: ReplayOptions,
): Promise<ReplayReport> {
  const streams: ReplayStream[] = [
    {
      topic: ServiceTopics.INDICATORS_EVENTS,
      liveGroup: options.liveGroups.indicators,
      types: PROJECTED_EVENT_TYPES,
      apply: applyIndicatorsEvents,
    },
    {
      topic: ServiceTopics.TASKS_EVENTS,
      liveGroup: options.liveGroups.tasks,
      types: TASK_EVENT_TYPES,
      apply: applyTaskEvents,
    },
  ];
  await gateway.ensureTopics(streams.map((s) => s.topic));
  const admin = await gateway.admin();
  const ends = new Map<string, Map<number, bigint>>();
  for (const stream of streams) {
    const offsets = await admin.fetchTopicOffsets(gateway.physical(stream.topic));
    ends.set(stream.topic, new Map(offsets.map((p) => [p.partition, BigInt(p.high)])));
  }

  const scratch = `${REPORTING_SCHEMA}_replay_${randomBytes(4).toString('hex')}`;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const counts = { read: 0, applied: 0 };
  try {
    await runner.query(`CREATE SCHEMA "${scratch}"`);
    for (const table of READ_MODEL_TABLES) {
      await runner.query(`CREATE TABLE "${scratch}".${table} (LIKE "${REPORTING_SCHEMA}".${table} INCLUDING ALL)`);
    }
    await runner.query(`SET search_path TO "${scratch}"`);
    // One topic after the other: each read model is built from one topic only.
    for (const stream of streams)
      await replayStream(gateway, runner, stream, ends.get(stream.topic) ?? new Map(), counts);

    let liveCaughtUp = true;
    for (const stream of streams) {
      const physical = gateway.physical(stream.topic);
      const caughtUp = await waitForLiveGroup(
        gateway,
        stream.liveGroup,
        physical,
        ends.get(stream.topic) ?? new Map(),
        options.catchUpTimeoutMs ?? 30000,
      );
      liveCaughtUp &&= caughtUp;
    }
    const rows: ReplayReport['rows'] = {};
    const differences: TableDifference[] = [];
    for (const table of READ_MODEL_TABLES) {
      const live = `"${REPORTING_SCHEMA}".${table}`;
      const replayed = `"${scratch}".${table}`;
      const [n] = (await runner.query(
        `SELECT (SELECT count(*) FROM ${live})::int AS live, (SELECT count(*) FROM ${replayed})::int AS replayed`,
      )) as { live: number; replayed: number }[];
      rows[table] = n;
      const onlyLive = (await runner.query(
        `SELECT row_to_json(x)::text AS row FROM (SELECT * FROM ${live} EXCEPT SELECT * FROM ${replayed}) x`,
      )) as { row: string }[];
      const onlyReplayed = (await runner.query(
        `SELECT row_to_json(x)::text AS row FROM (SELECT * FROM ${replayed} EXCEPT SELECT * FROM ${live}) x`,
      )) as { row: string }[];
      if (onlyLive.length + onlyReplayed.length > 0) {
        differences.push({
          table,
          onlyLive: onlyLive.length,
          onlyReplayed: onlyReplayed.length,
          samples: [
            ...onlyLive.slice(0, 5).map((r) => `live: ${r.row}`),
            ...onlyReplayed.slice(0, 5).map((r) => `replayed: ${r.row}`),
          ],
        });
      }
    }
    return {
      scratchSchema: scratch,
      eventsRead: counts.read,
      eventsApplied: counts.applied,
      rows,
      differences,
      liveCaughtUp,
    };
  } finally {
    // The connection goes back to the pool: give it back the service's own search_path.
    await runner.query('RESET search_path').catch(() => undefined);
    if (!options.keepScratch) await runner.query(`DROP SCHEMA IF EXISTS "${scratch}" CASCADE`).catch(() => undefined);
    await runner.release();
  }
}

async function replayStream(
  gateway: KafkaGateway,
  runner: QueryRunner,
  stream: ReplayStream,
  ends: Map<number, bigint>,
  counts: { read: number; applied: number },
): Promise<void> {
  const pending = [...ends.entries()].filter(([, high]) => high > 0n);
  if (pending.length === 0) return;
  const admin = await gateway.admin();
  const groupId = gateway.physical(`reporting-replay-${randomBytes(4).toString('hex')}`);
  const consumer = gateway.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [gateway.physical(stream.topic)], fromBeginning: true });
  const done = new Set<number>();
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      try {
        const events: ProjectedEvent[] = [];
        const end = ends.get(batch.partition) ?? 0n;
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= end) break;
          counts.read++;
          const event = toProjected(message, stream.types);
          if (event) events.push(event);
        }
        if (events.length > 0) {
          await runner.startTransaction();
          try {
            await stream.apply(runner, events);
            await runner.commitTransaction();
          } catch (error) {
            await runner.rollbackTransaction();
            throw error;
          }
          counts.applied += events.length;
        }
        const last = batch.messages.length > 0 ? BigInt(batch.messages[batch.messages.length - 1].offset) : -1n;
        if (last + 1n >= end) done.add(batch.partition);
        if (pending.every(([p]) => done.has(p))) finish();
      } catch (error) {
        fail(error);
      }
    },
  });
  try {
    await finished;
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}

function toProjected(message: KafkaMessage, types: readonly string[]): ProjectedEvent | undefined {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  const decoded = decodeCloudEvent({ key: message.key, value: message.value, headers });
  // What the live projector dead-letters (bad envelope, other types, broken payload) it never applies either.
  if (!decoded.ok) return undefined;
  const type = decoded.event.type as EventType;
  if (!types.includes(type)) return undefined;
  const payload = validatePayload(EVENT_CATALOG[type].payload as new () => object, decoded.event.data);
  if (!payload.ok) return undefined;
  return { id: decoded.event.id, type, data: payload.payload };
}

async function waitForLiveGroup(
  gateway: KafkaGateway,
  groupId: string,
  topic: string,
  ends: Map<number, bigint>,
  timeoutMs: number,
): Promise<boolean> {
  const admin = await gateway.admin();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [offsets] = await admin.fetchOffsets({ groupId: gateway.physical(groupId), topics: [topic] });
    const committed = new Map((offsets?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    const caughtUp = [...ends.entries()].every(([p, high]) => high === 0n || (committed.get(p) ?? -1n) >= high);
    if (caughtUp) return true;
    if (Date.now() > deadline) {
      logger.warn({ msg: 'the live projector has not reached the replayed offsets; differences may be lag', groupId });
      return false;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
