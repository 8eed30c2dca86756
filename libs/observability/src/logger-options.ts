import type { IncomingMessage } from 'node:http';
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

/** pino-http options: JSON lines, the service name on every line, secrets redacted, probes not logged. */
export function loggerOptions(service: string, level: string): Options {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    errorKey: 'err',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') },
    customProps: () => ({}),
  };
}
