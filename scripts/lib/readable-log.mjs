// Readable log lines for a person watching `npm start` in a terminal. The services always write JSON lines
// (pino); this turns each into "time level service message key=value", and passes any other line through.
import { createInterface } from 'node:readline';

const LEVELS = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR', fatal: 'FATAL' };
const COLOURS = { warn: 33, error: 31, fatal: 31, debug: 90, trace: 90 };
// Fields every line has, that the line's layout already shows, or that only a trace viewer needs (LOG_FORMAT=json keeps them).
const SHOWN = new Set([
  'level',
  'time',
  'service',
  'msg',
  'context',
  'pid',
  'hostname',
  'err',
  'req',
  'res',
  'trace_id',
  'span_id',
]);

// Nest's own start-up chatter (one line per module and route): the services log JSON for it, the terminal skips it.
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * One JSON log line as a readable line (undefined for Nest's start-up chatter at info level); anything that is
 * not a pino line is returned as it came.
 */
export function readableLine(line, { colour = false, fallbackService = '' } = {}) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return fallbackService ? `${fallbackService.padEnd(13)} ${line}` : line;
  }
  if (entry === null || typeof entry !== 'object' || !('level' in entry)) return line;
  if (entry.level === 'info' && FRAMEWORK_CONTEXTS.has(entry.context)) return undefined;
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const level = LEVELS[entry.level] ?? String(entry.level).toUpperCase().padEnd(5);
  const service = String(entry.service ?? fallbackService).padEnd(13);
  const context = entry.context ? `[${entry.context}] ` : '';
  const request =
    entry.req && entry.res
      ? `${entry.req.method} ${entry.req.url} → ${entry.res.statusCode} (${entry.responseTime} ms)`
      : '';
  const message = entry.msg ?? request;
  const fields = Object.entries(entry)
    .filter(([key, value]) => !SHOWN.has(key) && key !== 'responseTime' && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const error = entry.err
    ? `\n    ${String(entry.err.stack ?? entry.err.message ?? JSON.stringify(entry.err)).replace(/\n/g, '\n    ')}`
    : '';
  const text = `${time} ${level} ${service} ${context}${message}${fields ? `  ${fields}` : ''}${error}`;
  const code = COLOURS[entry.level];
  return colour && code ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** Writes each line of `stream` to `out` as readableLine makes it. */
export function pipeReadable(stream, out, options) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    const readable = readableLine(line, options);
    if (readable !== undefined) out.write(`${readable}\n`);
  });
}
