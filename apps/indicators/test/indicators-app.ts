import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from '@dxhub/http';
import { column, rowShape, selectFirst } from '@dxhub/persistence';
import {
  AgencyProducer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
} from '@dxhub/testing';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { IndicatorsAppModule } from '../src/app.module';

export interface RunningIndicators {
  app: INestApplication;
  url: string;
  database: TestDatabase;
  topicPrefix: string;
  close(): Promise<void>;
}

/**
 * The indicators service in this process, on its own database and topic prefix, real broker and Postgres.
 * `env` overrides settings (e.g. RATE_LIMIT_WRITES_PER_MINUTE, AUTH_ANONYMOUS_READ, SEEDS_DIR).
 */
export async function startIndicators(
  label: string,
  env: Record<string, string> = {},
  /** A restart: the database and topics of an earlier start, left in place when this one closes. */
  restartOf?: Pick<RunningIndicators, 'database' | 'topicPrefix'>,
): Promise<RunningIndicators> {
  const database = restartOf?.database ?? (await createTestDatabase(label));
  const topicPrefix = restartOf?.topicPrefix ?? uniqueTopicPrefix(label);
  Object.assign(
    process.env,
    serviceTestEnv(database, topicPrefix),
    { AGENCY_TOPIC_REFRESH_MS: '0', OBLIGATION_SCHEDULER_INTERVAL_MS: '0', OBLIGATION_PROGRESS_INTERVAL_MS: '0' },
    env,
  );
  const app = await NestFactory.create<NestExpressApplication>(IndicatorsAppModule, {
    logger: ['error'],
    abortOnError: false,
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '10mb' });
  configureHttpApp(app, { name: 'indicators', title: 'indicators', description: 'test', defaultPort: 0, config: [] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    database,
    topicPrefix,
    close: async () => {
      await app.close();
      if (restartOf) return;
      await database.drop();
      await deleteTopicsWithPrefix(topicPrefix);
    },
  };
}

/** The indicators service as the tests of a describe block see it: started by its beforeAll, read in its tests. */
export interface IndicatorsUnderTest {
  readonly app: INestApplication;
  readonly url: string;
  readonly topicPrefix: string;
  readonly db: DataSource;
}

/**
 * Starts the indicators service (see startIndicators) in the calling describe block's beforeAll and closes it in its
 * afterAll. The fields of the answer can be read once that beforeAll has run.
 */
export function useIndicators(label: string, env: Record<string, string> = {}): IndicatorsUnderTest {
  let service: RunningIndicators | undefined;
  beforeAll(async () => {
    service = await startIndicators(label, env);
  });
  afterAll(async () => {
    await service?.close();
  });
  const running = (): RunningIndicators => {
    if (!service) throw new Error(`the ${label} indicators service has not started`);
    return service;
  };
  return {
    get app() {
      return running().app;
    },
    get url() {
      return running().url;
    },
    get topicPrefix() {
      return running().topicPrefix;
    },
    get db() {
      return running().app.get(DataSource);
    },
  };
}

/**
 * A producer standing in for the agencies, connected in the calling describe block's beforeAll and closed in its
 * afterAll; `producer` can be read once that beforeAll has run.
 */
export function useAgencyProducer(): { readonly producer: AgencyProducer } {
  let producer: AgencyProducer | undefined;
  beforeAll(async () => {
    producer = await AgencyProducer.connect();
  });
  afterAll(async () => {
    await producer?.close();
  });
  return {
    get producer() {
      if (!producer) throw new Error("the agencies' producer has not connected");
      return producer;
    },
  };
}

const storedAggregateRow = rowShape({
  sum: column.nullable(column.number),
  count: column.number,
  num: column.nullable(column.number),
  den: column.nullable(column.number),
  version: column.number,
});

/** The stored aggregate of an indicator for an org unit version (by code, valid on a date) and period. */
export async function storedAggregate(db: DataSource, indicator: string, orgUnit: string, on: string, period: string) {
  return selectFirst(
    db,
    storedAggregateRow,
    `SELECT a.value_sum::float8 AS sum, a.value_count::int AS count, a.numerator_sum::float8 AS num,
            a.denominator_sum::float8 AS den, a.version::int AS version
     FROM indicator_aggregates a JOIN org_units o ON o.id = a.org_unit_id
     WHERE a.indicator_code = $1 AND o.code = $2 AND o.validity @> $3::date AND a.period = $4`,
    [indicator, orgUnit, on, period],
  );
}
