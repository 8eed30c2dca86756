import 'reflect-metadata';
import { ConfigurationError, HttpConfig, loadConfigs } from '@dxhub/config';
import { isAbsolute, join } from 'node:path';
import pino from 'pino';
import { clientSettings, createWebServer } from './server';
import { StaticFiles } from './static-files';
import { WebConfig } from './web.config';

/**
 * The web app's server: validates the environment (a bad variable stops it, named, with exit code 78), serves
 * the built app and forwards the API, logs JSON lines, and on SIGTERM/SIGINT stops taking connections, lets
 * answers under way finish, cuts the open streams and exits; after SHUTDOWN_TIMEOUT_MS it exits anyway.
 */
function main(): void {
  process.env.PORT ??= '3000';
  let http: HttpConfig;
  let web: WebConfig;
  try {
    const configs = loadConfigs([HttpConfig, WebConfig]);
    http = configs.get(HttpConfig) as HttpConfig;
    web = configs.get(WebConfig) as WebConfig;
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', service: 'web', msg: error.message, problems: error.problems })}\n`,
    );
    process.exit(78); // EX_CONFIG
  }
  const log = pino({
    level: http.LOG_LEVEL,
    base: { service: 'web' },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
  const directory = isAbsolute(web.WEB_STATIC_DIR) ? web.WEB_STATIC_DIR : join(process.cwd(), web.WEB_STATIC_DIR);
  let files: StaticFiles;
  try {
    files = StaticFiles.load(directory, clientSettings(web));
  } catch (error) {
    log.fatal({ msg: (error as Error).message, variable: 'WEB_STATIC_DIR' });
    process.exit(78);
  }
  const server = createWebServer(web, files, log);
  server.listen(http.PORT, http.HOST, () => {
    log.info({
      msg: 'listening',
      url: `http://${http.HOST}:${http.PORT}`,
      files: files.count,
      signIn: web.WEB_OIDC_ISSUER || 'development tokens (#token=)',
    });
  });
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ msg: 'stopping', signal });
      setTimeout(() => {
        log.warn({ msg: 'open connections outlived the shutdown deadline', timeoutMs: http.SHUTDOWN_TIMEOUT_MS });
        process.exit(0);
      }, http.SHUTDOWN_TIMEOUT_MS).unref();
      server.close(() => {
        log.info({ msg: 'stopped' });
        process.exit(0);
      });
      // Idle keep-alive sockets would hold close() open. Answers under way get a second to finish; what is still
      // open then is a forwarded stream (inbox, live figures), and its page reconnects to another replica.
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    });
  }
}

main();
