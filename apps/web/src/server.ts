import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { forward } from './proxy';
import type { StaticFiles } from './static-files';
import { type ServiceName, serviceOrigins, type WebConfig } from './web.config';

/** What the page needs to know before it can do anything: where people sign in, and the default language. */
export interface ClientSettings {
  oidcIssuer: string;
  oidcClientId: string;
  defaultLanguage: string;
}

/**
 * What the browser may reach through this server: each service's versioned API and open data. The services'
 * other routes (their /metrics, /docs, probes) stay where operators reach them, not on the public origin.
 */
const API_PATH = /^\/api\/(tasks|indicators|notifications|reporting)(\/(?:v1|open-data)\/.*)$/;

/** Headers of every answer this server makes itself (the services set their own). */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export function clientSettings(config: WebConfig): ClientSettings {
  return {
    oidcIssuer: config.WEB_OIDC_ISSUER,
    oidcClientId: config.WEB_OIDC_CLIENT_ID,
    defaultLanguage: config.WEB_DEFAULT_LANGUAGE,
  };
}

/**
 * The web app's server: the built app, `/config.json`, `/api/<service>/…` forwarded to the service, and the
 * probes and metrics every DX Hub process has. It holds no state: any number of replicas serve the same.
 */
export function createWebServer(config: WebConfig, files: StaticFiles, log: Logger): Server {
  const origins = serviceOrigins(config);
  const settings = JSON.stringify(clientSettings(config));
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'web' });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'dxhub_web_requests_total',
    help: 'Requests the web server answered, by what they asked for (app, config, api:<service>, probe) and status',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'dxhub_web_request_seconds',
    help: 'Time to the end of the answer (a forwarded stream counts until it closes)',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<string> => {
    const url = new URL(req.url ?? '/', 'http://web.invalid');
    const api = API_PATH.exec(url.pathname);
    if (api) {
      const service = api[1] as ServiceName;
      await forward(req, res, { service, origin: origins[service], path: api[2] + url.search });
      return `api:${service}`;
    }
    if (url.pathname.startsWith('/api/')) {
      answer(
        res,
        404,
        'application/json; charset=utf-8',
        JSON.stringify({ statusCode: 404, message: `no API at ${url.pathname}` }),
      );
      return 'api:none';
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(res, 405, 'application/json; charset=utf-8', JSON.stringify({ statusCode: 405, message: 'read only' }), {
        allow: 'GET, HEAD',
      });
      return 'app';
    }
    if (url.pathname === '/health/live' || url.pathname === '/health/ready') {
      // Ready as soon as it serves the app: the services have probes of their own, and the app says when one
      // of them does not answer.
      answer(res, 200, 'application/json; charset=utf-8', JSON.stringify({ status: 'ok', files: files.count }));
      return 'probe';
    }
    if (url.pathname === '/metrics') {
      answer(res, 200, registry.contentType, await registry.metrics());
      return 'probe';
    }
    if (url.pathname === '/config.json') {
      answer(res, 200, 'application/json; charset=utf-8', settings, { 'cache-control': 'no-cache' });
      return 'config';
    }
    const file = files.resolve(url.pathname);
    if (!file) {
      answer(res, 404, 'text/plain; charset=utf-8', `no file ${url.pathname}`);
      return 'app';
    }
    const gzip = file.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    answer(res, 200, file.type, gzip ? file.gzipped! : file.body, {
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    return 'app';
  };

  const server = createServer((req, res) => {
    const stop = seconds.startTimer();
    handle(req, res).then(
      (route) => {
        stop({ route });
        requests.inc({ route, status: String(res.statusCode) });
      },
      (error: Error) => {
        log.error({ err: error, url: req.url }, 'request failed');
        if (!res.headersSent) answer(res, 500, 'text/plain; charset=utf-8', 'internal error');
        else res.destroy();
        requests.inc({ route: 'error', status: '500' });
      },
    );
  });
  // Forwarded streams (the inbox, the dashboard's live figures) stay open for as long as the token lasts.
  server.requestTimeout = 0;
  server.headersTimeout = 30000;
  return server;
}

function answer(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
