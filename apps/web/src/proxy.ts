import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { ServiceName } from './web.config';

/** Headers that belong to one connection, not to the request: never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

const forwardable = (headers: IncomingMessage['headers']) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));

/**
 * Forwards one request to a service and streams its answer back as it comes (server-sent events included:
 * nothing is buffered). The browser's bearer token goes along untouched; the service decides. A service that
 * does not answer is a 502 whose body names it.
 */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  target: { service: ServiceName; origin: string; path: string },
): Promise<void> {
  return new Promise((resolve) => {
    const url = new URL(target.path, target.origin);
    const client = req.socket.remoteAddress ?? '';
    const upstream = request(
      url,
      {
        method: req.method,
        headers: {
          ...forwardable(req.headers),
          'x-forwarded-for': [req.headers['x-forwarded-for'], client].filter(Boolean).join(', '),
          // Behind a TLS ingress the browser spoke https: say what it spoke, not what reached this server.
          'x-forwarded-proto': String(req.headers['x-forwarded-proto'] ?? 'http'),
          'x-forwarded-host': req.headers.host ?? '',
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        // A stream's headers go out at once, so the page knows it is open before the first event.
        res.flushHeaders();
        answer.pipe(res);
        answer.once('end', resolve);
        answer.once('error', () => {
          res.destroy();
          resolve();
        });
      },
    );
    upstream.once('error', (error) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
        res.end(
          JSON.stringify({
            statusCode: 502,
            error: 'Bad Gateway',
            message: `the ${target.service} service did not answer (${(error as NodeJS.ErrnoException).code ?? error.message})`,
          }),
        );
      } else {
        res.destroy();
      }
      resolve();
    });
    // The browser went away (a closed tab, a stream the page stopped): stop asking the service.
    res.once('close', () => upstream.destroy());
    req.pipe(upstream);
  });
}
