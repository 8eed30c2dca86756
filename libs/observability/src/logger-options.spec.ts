import pino from 'pino';
import { Writable } from 'node:stream';
import { loggerOptions } from './logger-options';

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
