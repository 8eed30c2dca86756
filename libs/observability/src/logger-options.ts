import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import { Clock } from '@dxhub/calendar';
import type { Options } from 'pino-http';

const QUIET_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.DATABASE_URL',
  '*.KAFKA_SASL_PASSWORD',
];

/**
 * The trace and span of the operation a line is logged in (W3C ids, as the OpenTelemetry log data model names
 * them), so a log line leads to its trace; nothing when tracing is off or outside a traced operation.
 */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? { trace_id: context.traceId, span_id: context.spanId } : {};
}

/**
 * pino-http options: JSON lines, the service name on every line, secrets redacted, probes not logged. `clock` gives
 * each line its time.
 */
export function loggerOptions(service: string, level: string, clock: Pick<Clock, 'now'> = new Clock()): Options {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    errorKey: 'err',
    timestamp: () => `,"time":"${clock.now().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') },
    customProps: () => ({}),
    mixin: traceFields,
  };
}
