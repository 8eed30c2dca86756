import { Logger } from '@nestjs/common';
import { EVENT_CATALOG, type EventType, ServiceTopics, validatePayload } from '@dxhub/contracts';
import { decodeCloudEvent, type KafkaGateway } from '@dxhub/messaging';
import { randomBytes } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { REPORTING_SCHEMA } from '../database/reporting-schema';
import { PROJECTED_EVENT_TYPES } from './read-model.projector';
import { applyIndicatorsEvents, type ProjectedEvent, READ_MODEL_TABLES } from './read-model.projection';

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
  /** The live projector's consumer group (logical); the replay waits for it to reach the same offsets. */
  liveGroupId: string;
  keepScratch?: boolean;
  catchUpTimeoutMs?: number;
}

const logger = new Logger('replay');

/**
 * Rebuilds the read models from scratch: reads dx.indicators.events from the beginning up to the end
 * offsets found at the start, applies them with the live projection's own code into fresh tables in a
 * scratch schema (created LIKE the live ones), and compares them with the live tables row by row.
 */
export async function replayAndCompare(
  dataSource: DataSource,
  gateway: KafkaGateway,
  options: ReplayOptions,
): Promise<ReplayReport> {
  const topic = gateway.physical(ServiceTopics.INDICATORS_EVENTS);
  await gateway.ensureTopics([ServiceTopics.INDICATORS_EVENTS]);
  const admin = await gateway.admin();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));

  const scratch = `${REPORTING_SCHEMA}_replay_${randomBytes(4).toString('hex')}`;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let eventsRead = 0;
  let eventsApplied = 0;
  try {
    await runner.query(`CREATE SCHEMA "${scratch}"`);
    for (const table of READ_MODEL_TABLES) {
      await runner.query(`CREATE TABLE "${scratch}".${table} (LIKE "${REPORTING_SCHEMA}".${table} INCLUDING ALL)`);
    }
    await runner.query(`SET search_path TO "${scratch}"`);

    const pending = [...ends.entries()].filter(([, high]) => high > 0n);
    if (pending.length > 0) {
      const groupId = gateway.physical(`reporting-replay-${randomBytes(4).toString('hex')}`);
      const consumer = gateway.consumer({ groupId });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
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
              eventsRead++;
              const event = toProjected(message);
              if (event) events.push(event);
            }
            if (events.length > 0) {
              await runner.startTransaction();
              try {
                await applyIndicatorsEvents(runner, events);
                await runner.commitTransaction();
              } catch (error) {
                await runner.rollbackTransaction();
                throw error;
              }
              eventsApplied += events.length;
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

    const liveCaughtUp = await waitForLiveGroup(
      gateway,
      options.liveGroupId,
      topic,
      ends,
      options.catchUpTimeoutMs ?? 30000,
    );
    const rows: ReplayReport['rows'] = {};
    const differences: TableDifference[] = [];
    for (const table of READ_MODEL_TABLES) {
      const live = `"${REPORTING_SCHEMA}".${table}`;
      const replayed = `"${scratch}".${table}`;
      const [counts] = (await runner.query(
        `SELECT (SELECT count(*) FROM ${live})::int AS live, (SELECT count(*) FROM ${replayed})::int AS replayed`,
      )) as {
        live: number;
        replayed: number;
      }[];
      rows[table] = counts;
      const onlyLive = (await runner.query(
        `SELECT row_to_json(x)::text AS row FROM (SELECT * FROM ${live} EXCEPT SELECT * FROM ${replayed}) x`,
      )) as { row: string }[];
      const onlyReplayed = (await runner.query(
        `SELECT row_to_json(x)::text AS row FROM (SELECT * FROM ${replayed} EXCEPT SELECT * FROM ${live}) x`,
      )) as {
        row: string;
      }[];
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
    return { scratchSchema: scratch, eventsRead, eventsApplied, rows, differences, liveCaughtUp };
  } finally {
    // The connection goes back to the pool: give it back the service's own search_path.
    await runner.query('RESET search_path').catch(() => undefined);
    if (!options.keepScratch) await runner.query(`DROP SCHEMA IF EXISTS "${scratch}" CASCADE`).catch(() => undefined);
    await runner.release();
  }
}

function toProjected(message: KafkaMessage): ProjectedEvent | undefined {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  const decoded = decodeCloudEvent({ key: message.key, value: message.value, headers });
  // What the live projector dead-letters (bad envelope, other types, broken payload) it never applies either.
  if (!decoded.ok) return undefined;
  const type = decoded.event.type as EventType;
  if (!PROJECTED_EVENT_TYPES.includes(type as (typeof PROJECTED_EVENT_TYPES)[number])) return undefined;
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
