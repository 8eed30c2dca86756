import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { onTracingShutdown } from '../tracing-shutdown';

/*
 * The OpenTelemetry SDK for one service, imported first by its main.ts (`import './tracing'`): instrumentations
 * patch modules as they are required, so this must run before http, express, NestJS and pg are loaded. It
 * imports nothing of the platform's own.
 */

/** The settings tracing reads (the standard OpenTelemetry variables). */
export interface TracingSettings {
  /** OTLP/HTTP base URL of the collector (`/v1/traces` is appended), or undefined: tracing off. */
  endpoint?: string;
  /** OTEL_SERVICE_NAME, else the service's own name. */
  serviceName: string;
}

/** Paths whose requests are not traced: probes and scrapes would drown the traces that matter. */
const UNTRACED_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/**
 * Reads and checks the environment: tracing is on when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set and OTEL_SDK_DISABLED is not `true`. Throws naming the variable
 * when an endpoint is not an http(s) URL.
 */
export function tracingSettings(service: string, env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const serviceName = env.OTEL_SERVICE_NAME || service;
  if (env.OTEL_SDK_DISABLED === 'true') return { serviceName };
  for (const variable of ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT']) {
    const value = env[variable];
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new TracingConfigurationError(variable, `must be an http(s) URL, got '${value}'`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TracingConfigurationError(variable, `must be an http(s) URL (OTLP over HTTP), got '${value}'`);
    return { endpoint: value, serviceName };
  }
  return { serviceName };
}

export class TracingConfigurationError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'TracingConfigurationError';
  }
}

/**
 * The span processor's queue: a consumed batch ends a `process` span per event at once (up to the intake's
 * 2,500 per transaction, several transactions at a time), more than the SDK's default queue of 2,048 holds, which
 * would drop the rest. OTEL_BSP_MAX_QUEUE_SIZE, when set, decides.
 */
export function spanQueue(env: NodeJS.ProcessEnv): { maxQueueSize?: number } {
  return env.OTEL_BSP_MAX_QUEUE_SIZE ? {} : { maxQueueSize: 16_384 };
}

/**
 * Starts tracing when the environment asks for it: W3C trace context, spans of incoming HTTP requests (Express
 * routes and NestJS handlers inside them) and of PostgreSQL queries made within a traced operation (the messaging
 * lib adds consumed batches, events, their transactions and outbox publishes, through the API), exported
 * in batches by OTLP over HTTP (protobuf) to OTEL_EXPORTER_OTLP_ENDPOINT. Off otherwise: nothing is patched,
 * so an untraced service pays nothing. A bad setting exits 78 naming the variable, as the services' config does.
 */
export function startTracing(service: string): boolean {
  let settings: TracingSettings;
  try {
    settings = tracingSettings(service);
  } catch (error) {
    const e = error as TracingConfigurationError;
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', service, msg: `Invalid configuration: ${e.message}`, problems: [{ variable: e.variable, problem: e.problem }] })}\n`,
    );
    process.exit(78); // EX_CONFIG
  }
  if (!settings.endpoint) return false;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
    // The exporter reads OTEL_EXPORTER_OTLP_* itself (endpoint, headers, timeout, compression).
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter(), spanQueue(process.env))],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? '') }),
      new ExpressInstrumentation(),
      new NestInstrumentation(),
      // Only queries inside a traced operation: the outbox relay and the schedulers poll all the time.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  onTracingShutdown(() => provider.shutdown());
  return true;
}
