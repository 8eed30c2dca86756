import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '@dxhub/auth';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { finalize, from, mergeMap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { recordAuditEntries } from './audit-entry';
import { type RequestAudit, runWithRequestAudit } from './request-audit';

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
 * Audits every accepted REST write (POST, PUT, PATCH, DELETE) in the transaction that makes its change: who (token
 * sub and agency), what (method and route), on what (the path), the request id and the client address. The handler
 * runs with the row pending (libs/audit request-audit.ts); the service's transaction writes it with
 * `auditRequestIn(m)`, so a crash between the change and its row is impossible: both commit or neither does. A write
 * that fails rolls its row back with its change.
 *
 * A handler that answered without any transaction recording the row changed nothing the audit could share a
 * transaction with (or a route forgot `auditRequestIn`): its row is written after it, and a route that forgot is
 * logged as an error, so it is found and fixed.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('audit');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(req, res);
    if (!WRITE_METHODS.has(req.method)) return next.handle();
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (req.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    const audit: RequestAudit = {
      entry: {
        actor: req.principal?.sub ?? 'anonymous',
        agency: req.principal?.agency ?? null,
        action: `${req.method} ${route}`,
        resource: req.path,
        requestId,
        source: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        details: { status },
      },
      recorded: false,
    };
    // handle() binds the handler to the async context it is called in: call it inside the pending audit's.
    const handled = runWithRequestAudit(audit, () => next.handle());
    return handled.pipe(
      mergeMap((body: unknown) => {
        audit.closed = true;
        if (audit.recorded || res.statusCode >= 400) return from([body]);
        return from(this.recordAfter(audit, body));
      }),
      finalize(() => {
        audit.closed = true;
      }),
    );
  }

  private async recordAfter(audit: RequestAudit, body: unknown): Promise<unknown> {
    const { entry } = audit;
    this.logger.error({
      msg: 'a write route answered without recording its audit row in its transaction (auditRequestIn)',
      action: entry.action,
      requestId: entry.requestId,
    });
    try {
      await recordAuditEntries(this.dataSource, [{ ...entry, details: { ...entry.details, ...counts(body) } }]);
    } catch (error) {
      this.logger.error({
        msg: 'audit entry not recorded',
        requestId: entry.requestId,
        action: entry.action,
        err: error,
      });
      throw error;
    }
    return body;
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
