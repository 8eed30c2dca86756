import type { Response } from 'express';

/** The id the AuditInterceptor gave the request (echoed as X-Request-Id), for the audit entries a service writes itself. */
export function auditedRequestId(res: Response): string {
  return String(res.getHeader('X-Request-Id') ?? '');
}
