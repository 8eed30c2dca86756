import { loadConfig } from '@dxhub/config';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { clientSettings, createWebServer } from '../src/server';
import { StaticFiles } from '../src/static-files';
import { WebConfig } from '../src/web.config';

/*
 * The web app's server over real sockets: the built app as files (a temporary build), one stand-in service
 * behind `/api/<service>/` that records what reached it and streams server-sent events, and a port where no
 * service listens.
 */
const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('the web app server', () => {
  let build: string;
  let web: Server;
  let service: Server;
  let base: string;
  const received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let releaseStream: () => void = () => undefined;

  beforeAll(async () => {
    build = mkdtempSync(join(tmpdir(), 'dxhub-web-'));
    mkdirSync(join(build, 'assets'));
    writeFileSync(
      join(build, 'index.html'),
      `<!doctype html><html lang="vi"><head><title>DX Hub</title></head>${'<p>Bảng điều hành</p>'.repeat(100)}</html>`,
    );
    writeFileSync(
      join(build, 'assets', 'index-abc123.js'),
      `console.log(${JSON.stringify('Tiền Giang '.repeat(200))});`,
    );
    writeFileSync(join(build, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

    service = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url === '/v1/stream') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: {"kind":"first"}\n\n');
          releaseStream = () => res.end('data: {"kind":"last"}\n\n');
          return;
        }
        res.writeHead(req.url?.startsWith('/v1/refused') ? 403 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ path: req.url, rule: 'agency-matches-token' }));
      });
    });
    const servicePort = await listen(service);
    const nowhere = createServer();
    const nowherePort = await listen(nowhere);
    await close(nowhere); // a port where nothing listens any more

    const config = loadConfig(WebConfig, {
      TASKS_URL: `http://127.0.0.1:${servicePort}`,
      INDICATORS_URL: `http://127.0.0.1:${servicePort}`,
      NOTIFICATIONS_URL: `http://127.0.0.1:${nowherePort}`,
      REPORTING_URL: `http://127.0.0.1:${servicePort}`,
      WEB_OIDC_ISSUER: 'http://127.0.0.1:8080/realms/dxhub',
      WEB_OIDC_CLIENT_ID: 'dxhub-web',
    });
    web = createWebServer(config, StaticFiles.load(build, clientSettings(config)), pino({ level: 'silent' }));
    base = `http://127.0.0.1:${await listen(web)}`;
  });

  afterAll(async () => {
    releaseStream();
    await close(web);
    await close(service);
    rmSync(build, { recursive: true, force: true });
  });

  it('serves the app page for every route of the app, so a reload or a shared link works', async () => {
    for (const route of ['/', '/dashboard', '/workspace/approvals?period=2025S2', '/workspace/tasks/G1.N4.T1']) {
      const res = await fetch(`${base}${route}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('Bảng điều hành');
    }
  });

  it('serves hashed files for a year, gzipped when asked, and a missing file as 404, not as the page', async () => {
    const res = await fetch(`${base}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toContain('Tiền Giang'); // fetch inflates it
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve) => {
      get(`${base}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => resolve({ encoding: answer.headers['content-encoding'], body: Buffer.concat(chunks) }));
      });
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toContain('Tiền Giang');
    expect(raw.body.length).toBeLessThan(gunzipSync(raw.body).length);
    expect((await fetch(`${base}/assets/index-gone.js`)).status).toBe(404);
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(404);
  });

  it('tells the page where people sign in: in the page itself, and at /config.json', async () => {
    const settings = {
      oidcIssuer: 'http://127.0.0.1:8080/realms/dxhub',
      oidcClientId: 'dxhub-web',
      defaultLanguage: 'vi',
    };
    const page = await (await fetch(`${base}/workspace/approvals`)).text();
    const block = /<script id="dxhub-settings" type="application\/json">(.*?)<\/script><\/head>/.exec(page);
    expect(JSON.parse(block?.[1] ?? 'null')).toEqual(settings);
    expect(await (await fetch(`${base}/config.json`)).json()).toEqual(settings);
  });

  it("forwards /api/<service>/… with its method, path, query, body and token, and the service's answer as it is", async () => {
    received.length = 0;
    const res = await fetch(`${base}/api/indicators/v1/indicator-values/approvals/return?dryRun=false`, {
      method: 'POST',
      headers: { authorization: 'Bearer abc.def.ghi', 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Số liệu chưa khớp' }),
    });
    expect(res.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0].method).toBe('POST');
    expect(received[0].url).toBe('/v1/indicator-values/approvals/return?dryRun=false');
    expect(received[0].headers.authorization).toBe('Bearer abc.def.ghi');
    expect(received[0].headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(JSON.parse(received[0].body)).toEqual({ reason: 'Số liệu chưa khớp' });
    const refused = await fetch(`${base}/api/tasks/v1/refused`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ path: '/v1/refused', rule: 'agency-matches-token' });
  });

  it("keeps the services' other routes (metrics, API docs, probes) off the public origin", async () => {
    received.length = 0;
    for (const path of [
      '/api/tasks/metrics',
      '/api/indicators/docs',
      '/api/reporting/health/ready',
      '/api/tasks',
      '/api/other/v1/x',
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { message: string }).message).toBe(`no API at ${path}`);
    }
    expect(received).toEqual([]);
    const open = await fetch(`${base}/api/reporting/open-data/aggregates.json?period=2024`);
    expect(await open.json()).toEqual({ path: '/open-data/aggregates.json?period=2024', rule: 'agency-matches-token' });
  });

  it('streams server-sent events through as they come, without waiting for the end', async () => {
    const res = await fetch(`${base}/api/reporting/v1/stream`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe('data: {"kind":"first"}\n\n'); // arrived while the stream is still open
    releaseStream();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('data: {"kind":"last"}\n\n');
  });

  it('answers 502 naming the service that does not answer', async () => {
    const res = await fetch(`${base}/api/notifications/v1/inbox`);
    expect(res.status).toBe(502);
    const body = (await res.json()) as { statusCode: number; message: string };
    expect(body.statusCode).toBe(502);
    expect(body.message).toMatch(/^the notifications service did not answer \(ECONNREFUSED\)$/);
  });

  it('refuses writes to anything but the API, and answers probes and metrics', async () => {
    const post = await fetch(`${base}/dashboard`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${base}/health/ready`)).json()).toEqual({ status: 'ok', files: 3 });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/dxhub_web_requests_total\{route="api:notifications",status="502",service="web"\} 1/);
    expect(metrics).toMatch(/dxhub_web_requests_total\{route="api:indicators",status="200",service="web"\} 1/);
  });
});

describe('the web app server settings', () => {
  it('names each bad variable', () => {
    expect(() =>
      loadConfig(WebConfig, {
        TASKS_URL: 'http://tasks:3001/v1',
        WEB_OIDC_CLIENT_ID: 'dxhub-web',
        WEB_DEFAULT_LANGUAGE: 'fr',
      }),
    ).toThrow(
      /TASKS_URL: TASKS_URL must be the service's origin.*WEB_OIDC_ISSUER: WEB_OIDC_ISSUER must be the http\(s\) issuer URL when WEB_OIDC_CLIENT_ID is set.*WEB_DEFAULT_LANGUAGE/,
    );
  });

  it('refuses to start without a built app', () => {
    expect(() => StaticFiles.load(join(tmpdir(), 'dxhub-web-not-built'))).toThrow(
      /index\.html is missing: build the app first/,
    );
  });
});
