import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from '@dxhub/http';
import {
  bearer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
} from '@dxhub/testing';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { TasksAppModule } from '../src/app.module';
import { Clock } from '@dxhub/calendar';

export interface RunningTasks {
  app: INestApplication;
  url: string;
  database: TestDatabase;
  topicPrefix: string;
  db: DataSource;
  /** Sets the service's clock (deadlines, reminders, event times). */
  setNow(at: Date): void;
  close(): Promise<void>;
}

/** The tasks service in this process on its own database and topic prefix (real broker and Postgres); the scheduler timer off. */
export async function startTasks(
  label: string,
  env: Record<string, string> = {},
  shared?: { database: TestDatabase; topicPrefix: string },
): Promise<RunningTasks> {
  const database = shared?.database ?? (await createTestDatabase(label));
  const topicPrefix = shared?.topicPrefix ?? uniqueTopicPrefix(label);
  Object.assign(process.env, serviceTestEnv(database, topicPrefix), { SCHEDULER_INTERVAL_MS: '0' }, env);
  const app = await NestFactory.create<NestExpressApplication>(TasksAppModule, { logger: false, abortOnError: false });
  configureHttpApp(app, { name: 'tasks', title: 'tasks', description: 'test', defaultPort: 0, config: [] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const clock = app.get(Clock);
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    database,
    topicPrefix,
    db: app.get(DataSource),
    setNow: (at: Date) => {
      clock.now = () => at;
    },
    close: async () => {
      await app.close();
      if (!shared) {
        await database.drop();
        await deleteTopicsWithPrefix(topicPrefix);
      }
    },
  };
}

/** A small HTTP client acting as one agency with the given roles. */
export function actingAs(base: string, agency: string, ...roles: string[]) {
  const headers = { ...bearer({ agency, roles }), 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // Response bodies are only asserted on (toMatchObject, toEqual), so their shape is left open here.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    del: (path: string) => call('DELETE', path),
  };
}

/**
 * G3.N8.K1, a manual task under G3.N8 led by the Department of Health (SYT), reviewed by SKHCN, IN_PROGRESS:
 * one that takes progress reports (G3.N8.T2 beside it is measured by an indicator).
 */
export async function startManualHealthTask(base: string): Promise<void> {
  const office = actingAs(base, 'SKHCN', 'programme-office');
  await office.post('/v1/tasks', {
    parentCode: 'G3.N8',
    code: 'G3.N8.K1',
    titleVi: 'Triển khai bệnh án điện tử',
    titleEn: 'Roll out electronic medical records',
    weight: 1,
    leadAgency: 'SYT',
    coordinatingAgencies: ['SKHCN'],
    reviewerAgency: 'SKHCN',
    dueDate: '2026-12-31',
  });
  await office.post('/v1/tasks/G3.N8.K1/transitions', { action: 'assign' });
  const started = await actingAs(base, 'SYT', 'reporter').post('/v1/tasks/G3.N8.K1/transitions', { action: 'start' });
  if (started.body.state !== 'IN_PROGRESS') throw new Error(`G3.N8.K1 did not start: ${JSON.stringify(started.body)}`);
}
