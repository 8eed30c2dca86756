import {
  bearer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  type OtlpReceiver,
  serviceTestEnv,
  startOtlpReceiver,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * The OpenTelemetry setup of a service, as it runs: the tasks service started from dist/ with
 * OTEL_EXPORTER_OTLP_ENDPOINT pointing at an in-process OTLP receiver exports one connected trace per request
 * (the HTTP server span, the NestJS handler, the PostgreSQL queries it made) and writes the trace id into its
 * log lines; started without the variable it exports nothing and logs no trace id. Two tasks services; about
 * 30 s.
 */
const ROOT = join(__dirname, '../..');
const TRACED_PORT = 3155;
const UNTRACED_PORT = 3165;

describe('tracing setup (OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set, off otherwise)', () => {
  let receiver: OtlpReceiver;
  let database: TestDatabase;
  const prefix = uniqueTopicPrefix('tracing');
  const services: { child: ChildProcess; output: string[] }[] = [];
  const office = bearer({ agency: 'STTTT', roles: ['programme-office'] });

  const start = (port: number, extra: Record<string, string>) => {
    const output: string[] = [];
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/tasks/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...serviceTestEnv(database, prefix), LOG_LEVEL: 'info', PORT: String(port), ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    services.push({ child, output });
    return output;
  };
  const logLines = (output: string[]) =>
    output
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  let traced: string[];
  let untraced: string[];

  beforeAll(async () => {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status).toBe(0);
    receiver = await startOtlpReceiver();
    database = await createTestDatabase('tracing');
    traced = start(TRACED_PORT, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' });
    untraced = start(UNTRACED_PORT, {});
    for (const port of [TRACED_PORT, UNTRACED_PORT]) {
      await waitFor(
        async () => ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok ? true : undefined),
        120000,
        `the tasks service on ${port} to be ready`,
      );
    }
  });

  afterAll(async () => {
    await Promise.all(
      services.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await receiver?.close();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('exports one connected trace per request: the HTTP server span, the NestJS handler and its queries', async () => {
    const res = await fetch(`http://127.0.0.1:${TRACED_PORT}/v1/tasks/G1.N1.T2`, { headers: office });
    expect(res.status).toBe(200);
    const spans = await receiver.waitFor(
      (all) => all.some((s) => s.kind === 'server' && s.attributes['http.route'] === '/v1/tasks/:ref'),
      30000,
      'the request’s server span',
    );
    const server = spans.find((s) => s.kind === 'server' && s.attributes['http.route'] === '/v1/tasks/:ref')!;
    expect(server).toMatchObject({ service: 'tasks', parentSpanId: '' });
    const traceSpans = await receiver.waitFor(
      () => receiver.trace(server.traceId).some((s) => s.scope.includes('pg')),
      30000,
      'the queries of the request',
    );
    const mine = traceSpans.filter((s) => s.traceId === server.traceId);
    // Every span of the trace hangs from another span of it, up to the server span.
    const ids = new Set(mine.map((s) => s.spanId));
    expect(mine.filter((s) => s !== server && !ids.has(s.parentSpanId))).toEqual([]);
    expect(mine.some((s) => s.scope.includes('nestjs') && s.attributes['nestjs.callback'] !== undefined)).toBe(true);
    expect(mine.filter((s) => s.scope.includes('pg') && s.kind === 'client').length).toBeGreaterThan(0);
    // Probes and scrapes are not traced.
    await fetch(`http://127.0.0.1:${TRACED_PORT}/health/ready`);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.spans().filter((s) => String(s.attributes['url.path'] ?? '').startsWith('/health'))).toEqual([]);
    expect(receiver.refused()).toEqual([]);

    // The request's log line carries the trace id.
    const line = await waitFor(
      async () =>
        logLines(traced).find(
          (l) => (l.req as { url?: string } | undefined)?.url === '/v1/tasks/G1.N1.T2' && l.trace_id !== undefined,
        ),
      10000,
      'the request’s log line with its trace id',
    );
    expect(line.trace_id).toBe(server.traceId);
  });

  it('exports nothing and logs no trace id without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const before = receiver.spans().length;
    const res = await fetch(`http://127.0.0.1:${UNTRACED_PORT}/v1/tasks/G1.N1.T2`, { headers: office });
    expect(res.status).toBe(200);
    const line = await waitFor(
      async () => logLines(untraced).find((l) => (l.req as { url?: string } | undefined)?.url === '/v1/tasks/G1.N1.T2'),
      10000,
      'the request’s log line',
    );
    expect(line.trace_id).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      receiver
        .spans()
        .slice(before)
        .filter((s) => s.attributes['server.port'] === UNTRACED_PORT),
    ).toEqual([]);
  });
});
