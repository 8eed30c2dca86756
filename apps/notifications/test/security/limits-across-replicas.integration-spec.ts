import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@dxhub/http';
import {
  createTestDatabase,
  deleteTopicsWithPrefix,
  mintToken,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
} from '@dxhub/testing';
import type { AddressInfo } from 'node:net';
import { NotificationsAppModule } from '../../src/app.module';

/*
 * Limits that an attacker could multiply by the number of replicas when each replica counted for itself: two
 * replicas of the notifications service on one database share the caps on open event streams; a stream ends when
 * the token that opened it expires. The rate limits are the indicators service's (its test/security/limits-across-replicas).
 */
describe('security: limits hold across replicas (notifications)', () => {
  describe('event streams: caps per user and in all, and the token’s expiry', () => {
    const PER_USER = 2;
    const TOTAL = 3;
    let database: TestDatabase;
    const prefix = uniqueTopicPrefix('security-streams');
    const replicas: INestApplication[] = [];
    const urls: string[] = [];
    const open: AbortController[] = [];

    beforeAll(async () => {
      database = await createTestDatabase('security-streams');
      Object.assign(process.env, serviceTestEnv(database, prefix), {
        SSE_STREAMS_PER_USER: String(PER_USER),
        SSE_STREAMS_TOTAL: String(TOTAL),
        SSE_HEARTBEAT_MS: '1000',
        DIGEST_CHECK_MS: '0',
      });
      for (let i = 0; i < 2; i++) {
        const app = await NestFactory.create(NotificationsAppModule, { logger: ['error'], abortOnError: false });
        configureHttpApp(app, { name: 'notifications', title: 'n', description: 'test', defaultPort: 0, config: [] });
        await app.listen(0, '127.0.0.1');
        replicas.push(app);
        urls.push(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
      }
    });

    afterAll(async () => {
      for (const c of open) c.abort();
      for (const app of replicas) await app.close();
      await database?.drop();
      await deleteTopicsWithPrefix(prefix);
    });

    const stream = async (replica: number, sub: string, ttl?: number) => {
      const controller = new AbortController();
      const res = await fetch(`${urls[replica]}/v1/inbox/stream`, {
        headers: { authorization: `Bearer ${mintToken({ agency: 'STTTT', roles: ['viewer'], sub, ttl })}` },
        signal: controller.signal,
      });
      if (res.status === 200) open.push(controller);
      const body = res.status === 200 ? undefined : ((await res.json()) as unknown);
      return { status: res.status, body, close: () => controller.abort() };
    };

    it(`holds a user to ${PER_USER} streams and the service to ${TOTAL}, over both replicas`, async () => {
      const first = await stream(0, 'u1');
      expect(first.status).toBe(200);
      expect((await stream(1, 'u1')).status).toBe(200);
      const third = await stream(0, 'u1');
      expect(third.status).toBe(429);
      expect(third.body).toMatchObject({
        message: expect.stringContaining('close one first'),
      });
      expect((await stream(1, 'u2')).status).toBe(200);
      const full = await stream(0, 'u3');
      expect(full.status).toBe(503);
      expect(full.body).toMatchObject({ error: 'TOO_MANY_STREAMS' });
      // A stream that ends gives its place back.
      first.close();
      const reopened = await waitForStatus(() => stream(1, 'u3'), 200);
      expect(reopened).toBe(200);
    });

    it('ends a stream when the token that opened it expires', async () => {
      for (const c of open.splice(0)) c.abort();
      // The rows of the streams just closed go a moment after their sockets: wait for a place.
      expect(
        await waitForStatus(async () => {
          const probe = await stream(0, 'u5-probe');
          probe.close();
          return probe;
        }, 200),
      ).toBe(200);
      const started = Date.now();
      expect(await endOf(urls[0], 'u5', 3)).toBe(true);
      process.stdout.write(`a stream of a token valid 3 s ended after ${Date.now() - started} ms\n`);
    });
  });
});

/** Tries `attempt` until it answers `status` (a closed stream's row goes a moment after the socket), at most ~5 s. */
async function waitForStatus(attempt: () => Promise<{ status: number }>, status: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < 50; i++) {
    last = (await attempt()).status;
    if (last === status) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

/** Opens a stream with a token valid for `ttl` seconds and reads it until the server ends it; true if it did. */
async function endOf(url: string, sub: string, ttl: number): Promise<boolean> {
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), (ttl + 15) * 1000);
  try {
    const res = await fetch(`${url}/v1/inbox/stream`, {
      headers: { authorization: `Bearer ${mintToken({ agency: 'STTTT', roles: ['viewer'], sub, ttl })}` },
      signal: controller.signal,
    });
    if (res.status !== 200 || !res.body) return false;
    const reader = res.body.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) return true;
    }
  } catch {
    return false; // aborted by the timeout: the server kept the stream open
  } finally {
    clearTimeout(timeout);
  }
}
