import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccessDeniedError, AuthenticationError, RateLimitedError } from '@dxhub/auth';
import { DateOutOfRangeError } from '@dxhub/calendar';
import type { Response } from 'express';
import { DomainErrorKind, DomainException } from './domain.exception';

const STATUS: Record<DomainErrorKind, number> = {
  [DomainErrorKind.INVALID_INPUT]: HttpStatus.BAD_REQUEST,
  [DomainErrorKind.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DomainErrorKind.CONFLICT]: HttpStatus.CONFLICT,
  [DomainErrorKind.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [DomainErrorKind.UNAUTHENTICATED]: HttpStatus.UNAUTHORIZED,
  [DomainErrorKind.UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Error body of every endpoint. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  details?: Record<string, unknown>;
  /** Set on 403s: the name of the access rule that denied the request (libs/auth AccessRule). */
  rule?: string;
  /** Set on 500s: quote it to operators, who find the stack in the logs under the same id. */
  errorId?: string;
}

/**
 * The one place that turns exceptions into HTTP responses: domain exceptions by kind, Nest's own
 * HTTP exceptions as they are, anything else a 500 with an errorId and no stack or SQL in the body.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof AuthenticationError) {
      // RFC 6750: no error code when the request carried no token at all.
      res.setHeader(
        'WWW-Authenticate',
        exception.reason === 'missing'
          ? 'Bearer realm="dxhub"'
          : `Bearer realm="dxhub", error="invalid_token", error_description="${exception.message.replace(/["\\]/g, "'")}"`,
      );
    }
    if (exception instanceof RateLimitedError) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    const body = this.toBody(exception);
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof AuthenticationError) {
      return {
        statusCode: HttpStatus.UNAUTHORIZED,
        error: 'UNAUTHORIZED',
        message: exception.message,
        details: { reason: exception.reason },
      };
    }
    if (exception instanceof AccessDeniedError) {
      return {
        statusCode: HttpStatus.FORBIDDEN,
        error: 'FORBIDDEN',
        rule: exception.rule,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof RateLimitedError) {
      return { statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'TOO_MANY_REQUESTS', message: exception.message };
    }
    if (exception instanceof DomainException) {
      return {
        statusCode: STATUS[exception.kind],
        error: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof DateOutOfRangeError) {
      // Date arithmetic on a client's input that leaves the served years: the input's fault, the range named.
      return { statusCode: HttpStatus.BAD_REQUEST, error: 'DATE_OUT_OF_RANGE', message: exception.message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: string | string[] }).message
          : exception.message;
      return { statusCode: status, error: HttpStatus[status] ?? 'ERROR', message };
    }
    if (isClientHttpError(exception)) {
      // body-parser's and multer's own errors (a body over the limit, JSON that does not parse): the client's
      // fault with a safe message, not a 500.
      return {
        statusCode: exception.status,
        error: HttpStatus[exception.status] ?? 'BAD_REQUEST',
        message: exception.message,
      };
    }
    const errorId = randomUUID();
    this.logger.error({ msg: 'unhandled error', errorId, err: exception });
    return { statusCode: 500, error: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', errorId };
  }
}

/** An http-errors error marked safe to show (`expose`), with a 4xx status: what body-parser throws. */
function isClientHttpError(e: unknown): e is { status: number; message: string } {
  if (typeof e !== 'object' || e === null) return false;
  const { status, expose, message } = e as { status?: unknown; expose?: unknown; message?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true && typeof message === 'string';
}
