import { type INestApplication, Logger as NestLogger, ValidationPipe } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AuthConfig, AuthGuard, InMemoryRateLimiter, type RateLimiter } from '@dxhub/auth';
import { type ConfigClass, ConfigurationError, HttpConfig, loadConfig, loadConfigs } from '@dxhub/config';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { DocsConfig } from './docs.config';
import { HttpExceptionFilter } from './http-exception.filter';
import { JsonShapeInterceptor } from './json-shape.interceptor';
import { PostgresRateLimiter } from './postgres-rate-limiter';

type RootHandler = (req: unknown, res: { redirect: (status: number, url: string) => void }) => void;

export interface ServiceDescription {
  /** Service name: tasks, indicators, notifications, reporting. */
  name: string;
  title: string;
  description: string;
  /** Port when PORT is not set. */
  defaultPort: number;
  /** Every config class the app's modules read: all are validated before anything starts. */
  config: ConfigClass[];
  /** Largest JSON request body accepted. */
  bodyLimit?: string;
  /**
   * Where `GET /` sends a person who typed the service's address: its API docs unless told otherwise. A
   * function is called once the environment has been validated (an address from the service's config).
   */
  home?: string | (() => string);
}

/**
 * Applies the platform's HTTP conventions to an app (also used by tests that build apps in-process): the
 * bearer-token guard (AuthConfig from the environment), validation, the error filter, OpenAPI at /docs.
 */
export function configureHttpApp(
  app: INestApplication,
  service: ServiceDescription,
  auth: AuthConfig = loadConfig(AuthConfig),
  docs: DocsConfig = loadConfig(DocsConfig),
): void {
  app.useGlobalGuards(new AuthGuard(app.get(Reflector), auth, undefined, rateLimiterOf(app)));
  app.useGlobalInterceptors(new JsonShapeInterceptor());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  // The address a person types leads somewhere useful rather than to a JSON 404 (no token needed to be sent on).
  const home = (typeof service.home === 'function' ? service.home() : service.home) ?? '/docs';
  (app.getHttpAdapter() as unknown as { get: (path: string, handler: RootHandler) => void }).get('/', (_req, res) =>
    res.redirect(302, home),
  );
  const builder = new DocumentBuilder()
    .setTitle(service.title)
    .setDescription(service.description)
    .setVersion('1')
    // Every operation needs a bearer token except health and metrics (and, with AUTH_ANONYMOUS_READ, reads marked so).
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'A JWT from the configured OpenID Connect issuer (`npm run token` in development)',
    })
    .addSecurityRequirements('bearer');
  const signIn = docs.DOCS_OIDC_CLIENT_ID !== '';
  if (signIn) {
    // Or signed in at the issuer from the page itself (its discovery document names the endpoints).
    builder
      .addSecurity('signIn', {
        type: 'openIdConnect',
        openIdConnectUrl: `${auth.AUTH_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
        description: 'Sign in at the OpenID Connect provider (authorization code with PKCE)',
      })
      .addSecurityRequirements('signIn', ['openid']);
  }
  const document = SwaggerModule.createDocument(app, builder.build());
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    ...(signIn
      ? {
          swaggerOptions: {
            initOAuth: {
              clientId: docs.DOCS_OIDC_CLIENT_ID,
              usePkceWithAuthorizationCodeGrant: true,
              scopes: ['openid'],
            },
          },
        }
      : {}),
  });
}

/**
 * Starts one service: validates the environment first (a bad variable stops it with its name), logs
 * JSON, serves HTTP, and on SIGTERM/SIGINT stops consumers, commits, closes pools, then exits; if
 * that takes longer than SHUTDOWN_TIMEOUT_MS it exits anyway.
 */
export async function bootstrapService(
  appModule: Parameters<typeof NestFactory.create>[0],
  service: ServiceDescription,
): Promise<INestApplication> {
  process.env.PORT ??= String(service.defaultPort);
  let http: HttpConfig;
  let auth: AuthConfig;
  let docs: DocsConfig;
  let app: NestExpressApplication;
  try {
    const configs = loadConfigs([HttpConfig, AuthConfig, DocsConfig, ...service.config]);
    http = configs.get(HttpConfig) as HttpConfig;
    auth = configs.get(AuthConfig) as AuthConfig;
    docs = configs.get(DocsConfig) as DocsConfig;
    // abortOnError off: a failed start (bad config, database down) throws here instead of aborting.
    app = await NestFactory.create<NestExpressApplication>(appModule, {
      bufferLogs: true,
      bodyParser: false,
      abortOnError: false,
    });
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(
        `${JSON.stringify({ level: 'fatal', service: service.name, msg: error.message, problems: error.problems })}\n`,
      );
      process.exit(78); // EX_CONFIG
    }
    const err = error as Error;
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', service: service.name, msg: `failed to start: ${err.message}`, err: { type: err.name, stack: err.stack } })}\n`,
    );
    process.exit(1);
  }
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: service.bodyLimit ?? '1mb' });
  configureHttpApp(app, service, auth, docs);
  installShutdownDeadline(http.SHUTDOWN_TIMEOUT_MS);
  await app.listen(http.PORT, http.HOST);
  new NestLogger(service.name).log({
    msg: 'listening',
    url: `http://${http.HOST}:${http.PORT}`,
    docs: `http://${http.HOST}:${http.PORT}/docs`,
  });
  return app;
}

function installShutdownDeadline(timeoutMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(
          `${JSON.stringify({ level: 'error', msg: `shutdown took longer than ${timeoutMs} ms; exiting` })}\n`,
        );
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
}

/**
 * Rate limits counted in the service's database (its `rate_limits` table), so every replica counts against the same
 * limit; in this process only for an app without a database.
 */
function rateLimiterOf(app: INestApplication): RateLimiter {
  try {
    return new PostgresRateLimiter(app.get(DataSource, { strict: false }));
  } catch {
    return new InMemoryRateLimiter();
  }
}
