import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { AuthenticatedRequest } from '@dxhub/auth';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { from, mergeMap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { recordAuditEntries } from './audit-entry';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** The request's id: a sane X-Request-Id from the client or proxy, else a new one; echoed in the response. */
export function requestIdOf(req: AuthenticatedRequest, res: Response): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Records every accepted REST write (POST, PUT, PATCH, DELETE answered below 400) in audit_log, after the
 * handler succeeded and before the response is sent: who (token sub and agency), what (method and route),
 * on what (the path), the request id and the client address. A write that fails is not recorded; an
 * audit insert that fails turns the response into a 500 (the write itself has committed by then —
 * a handler that must audit atomically calls recordAuditEntries in its own transaction instead).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('audit');

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(req, res);
    if (!WRITE_METHODS.has(req.method)) return next.handle();
    return next.handle().pipe(
      mergeMap((body: unknown) => {
        if (res.statusCode >= 400) return from([body]);
        const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
        const entry = {
          actor: req.principal?.sub ?? 'anonymous',
          agency: req.principal?.agency ?? null,
          action: `${req.method} ${route}`,
          resource: req.path,
          requestId,
          source: req.ip ?? req.socket.remoteAddress ?? 'unknown',
          details: { status: res.statusCode, ...counts(body) },
        };
        return from(
          recordAuditEntries(this.dataSource, [entry]).then(
            () => body,
            (error: unknown) => {
              this.logger.error({ msg: 'audit entry not recorded', requestId, action: entry.action, err: error });
              throw error;
            },
          ),
        );
      }),
    );
  }
}

/** The intake's per-request counts, when the body has them. */
function counts(body: unknown): Record<string, number> {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  return Object.fromEntries(
    ['accepted', 'duplicates', 'rejected'].filter((k) => typeof b[k] === 'number').map((k) => [k, b[k] as number]),
  );
}
