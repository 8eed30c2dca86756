import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from '@dxhub/http';
import { createTestDatabase, deleteTopicsWithPrefix, serviceTestEnv, type TestDatabase, uniqueTopicPrefix } from '@dxhub/testing';
import type { AddressInfo } from 'node:net';
import { IndicatorsAppModule } from '../src/app.module';

export interface RunningIndicators {
  app: INestApplication;
  url: string;
  database: TestDatabase;
  topicPrefix: string;
  close(): Promise<void>;
}

/** The indicators service in this process, on its own database and topic prefix, real broker and Postgres. */
export async function startIndicators(label: string): Promise<RunningIndicators> {
  const database = await createTestDatabase(label);
  const topicPrefix = uniqueTopicPrefix(label);
  Object.assign(process.env, serviceTestEnv(database, topicPrefix), { AGENCY_TOPIC_REFRESH_MS: '0' });
  const app = await NestFactory.create<NestExpressApplication>(IndicatorsAppModule, { logger: ['error'], abortOnError: false, bodyParser: false });
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
      await database.drop();
      await deleteTopicsWithPrefix(topicPrefix);
    },
  };
}
