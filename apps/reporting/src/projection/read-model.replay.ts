import { Logger } from '@nestjs/common';
import { type EventType, ServiceTopics } from '@dxhub/contracts';
import { type KafkaGateway, replayTopic } from '@dxhub/messaging';
import { randomBytes } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { REPORTING_SCHEMA } from '../database/reporting-schema';
import { PROJECTED_EVENT_TYPES } from './read-model.projector';
import type { SqlExecutor } from '@dxhub/persistence';
import { ProjectionRepository } from './projection.repository';
import { applyIndicatorsEvents, type ProjectedEvent, READ_MODEL_TABLES } from './read-model.projection';
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
  types: readonly EventType[];
  apply: (sql: SqlExecutor, events: ProjectedEvent[]) => Promise<unknown>;
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
  const ends = new Map<string, Map<number, bigint>>();

  const scratch = `${REPORTING_SCHEMA}_replay_${randomBytes(4).toString('hex')}`;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const readModels = new ProjectionRepository(runner);
  const counts = { read: 0, applied: 0 };
  try {
    await readModels.createScratch(scratch);
    await readModels.useSchema(scratch);
    // One topic after the other: each read model is built from one topic only.
    for (const stream of streams) ends.set(stream.topic, await replayStream(gateway, runner, stream, counts));

    let liveCaughtUp = true;
    for (const stream of streams) {
      const caughtUp = await waitForLiveGroup(
        gateway,
        stream.liveGroup,
        stream.topic,
        ends.get(stream.topic) ?? new Map(),
        options.catchUpTimeoutMs ?? 30000,
      );
      liveCaughtUp &&= caughtUp;
    }
    const rows: ReplayReport['rows'] = {};
    const differences: TableDifference[] = [];
    for (const table of READ_MODEL_TABLES) {
      rows[table] = await readModels.counts(table, scratch);
      const onlyLive = await readModels.onlyLive(table, scratch);
      const onlyReplayed = await readModels.onlyReplayed(table, scratch);
      if (onlyLive.length + onlyReplayed.length > 0) {
        differences.push({
          table,
          onlyLive: onlyLive.length,
          onlyReplayed: onlyReplayed.length,
          samples: [
            ...onlyLive.slice(0, 5).map((row) => `live: ${row}`),
            ...onlyReplayed.slice(0, 5).map((row) => `replayed: ${row}`),
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
    await readModels.resetSchema().catch(() => undefined);
    if (!options.keepScratch) await readModels.dropScratch(scratch).catch(() => undefined);
    await runner.release();
  }
}

/** Applies one topic's events, from the beginning to its end at the start, in a transaction per batch. */
async function replayStream(
  gateway: KafkaGateway,
  runner: QueryRunner,
  stream: ReplayStream,
  counts: { read: number; applied: number },
): Promise<Map<number, bigint>> {
  const report = await replayTopic(gateway, {
    topic: stream.topic,
    accepts: stream.types,
    // What the live projector skips or dead-letters it never applies either.
    otherTypes: 'skip',
    publishers: 'services',
    // The group prefix the reporting service's ACLs grant replays (kafkaAccessPlan).
    groupPrefix: 'reporting-replay-',
    onEvents: async (events) => {
      await runner.startTransaction();
      try {
        await stream.apply(
          runner,
          events.map((e) => ({ id: e.event.id, type: e.type, data: e.event.data })),
        );
        await runner.commitTransaction();
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    },
  });
  counts.read += report.recordsRead;
  counts.applied += report.eventsReplayed;
  return report.ends;
}

async function waitForLiveGroup(
  gateway: KafkaGateway,
  groupId: string,
  topic: string,
  ends: Map<number, bigint>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const committed = await gateway.groupOffsets(groupId, topic);
    const caughtUp = [...ends.entries()].every(([p, high]) => high === 0n || (committed.get(p) ?? -1n) >= high);
    if (caughtUp) return true;
    if (Date.now() > deadline) {
      logger.warn({ msg: 'the live projector has not reached the replayed offsets; differences may be lag', groupId });
      return false;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
