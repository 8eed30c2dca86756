import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import pino from 'pino';
import { Writable } from 'node:stream';
import { loggerOptions } from './logger-options';

function capture(): { lines: string[]; logger: pino.Logger } {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
  const options = loggerOptions('test', 'info');
  return { lines, logger: pino(options as pino.LoggerOptions, sink) };
}

describe('loggerOptions', () => {
  it('never writes a bearer token, cookie or secret to the log', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
    const options = loggerOptions('test', 'info');
    const logger = pino({ ...options, redact: options.redact } as pino.LoggerOptions, sink);
    logger.info({
      req: { headers: { authorization: 'Bearer eyJhbGciOi.secret.sig', cookie: 'session=abc' } },
      config: { KAFKA_SASL_PASSWORD: 'hunter2', token: 'tok-123', AUTH_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----' },
    });
    const out = lines.join('');
    expect(out).toContain('[redacted]');
    for (const secret of ['eyJhbGciOi', 'session=abc', 'hunter2', 'tok-123']) expect(out).not.toContain(secret);
  });
});

describe('log lines and traces', () => {
  it('carry the trace and span ids of the operation they are logged in, and none outside one', () => {
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
    provider.register();
    try {
      const { lines, logger } = capture();
      logger.info('before');
      const ids = trace.getTracer('test').startActiveSpan('intake batch', (span) => {
        logger.info({ topic: 'dx.agency.STTTT.indicator-values' }, 'inside');
        span.end();
        return span.spanContext();
      });
      const [before, inside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(before.trace_id).toBeUndefined();
      expect(inside).toMatchObject({ msg: 'inside', trace_id: ids.traceId, span_id: ids.spanId });
      expect(inside.trace_id).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      trace.disable();
    }
  });
});
