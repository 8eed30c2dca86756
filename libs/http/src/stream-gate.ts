import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { type AuthenticatedRequest, RateLimitedError } from '@dxhub/auth';
import { HttpConfig } from '@dxhub/config';
import { randomUUID } from 'node:crypto';
import { defer, finalize, interval, NEVER, type Observable, takeUntil, timer } from 'rxjs';
import { DataSource } from 'typeorm';
import { DomainErrorKind, DomainException } from './domain.exception';
import { claimStreamConnection, deleteStreamConnection, touchStreamConnection } from './stream-connections.repository';

export interface StreamLimits {
  /** Open streams one user may hold (over all replicas). */
  perUser: number;
  /** Open streams the service holds in all (over all replicas). */
  total: number;
  /** How often an open stream says it is still there; a row silent for three of these is a dead replica's. */
  heartbeatMs: number;
}

/**
 * Caps server-sent-event streams per user and in all, counted in the service's `stream_connections` table so the
 * caps hold across replicas, and closes each stream when the token that opened it expires. A replica that dies
 * leaves rows behind; they stop counting once their heartbeat is three intervals old.
 *
 * Admission happens in a guard (StreamAdmissionGuard), before the route answers: once an SSE handler returns, the
 * framework sends 200 and its headers, and a refusal could no longer be a 429 or a 503.
 */
@Injectable()
export class StreamGate {
  private readonly limits: StreamLimits;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    config: HttpConfig,
  ) {
    this.limits = streamLimitsOf(config);
  }

  /**
   * Takes a place for a stream of `user` (a token's `agency:sub`, or `anonymous:<address>`): refused with 429 when
   * the user holds `perUser` streams already and 503 when the service holds `total`. Returns the place's id.
   */
  async admit(user: string): Promise<string> {
    const id = randomUUID();
    await this.claim(id, user);
    return id;
  }

  /**
   * The stream of an admitted place: `source` until it ends, `expiresAt` passes or the client goes; the place is
   * kept alive meanwhile and given back then.
   */
  hold<T>(place: string, expiresAt: Date | undefined, source: Observable<T>): Observable<T> {
    return defer(() => {
      const expired = expiresAt ? timer(Math.max(0, expiresAt.getTime() - Date.now())) : NEVER;
      const heartbeat = interval(this.limits.heartbeatMs).subscribe(
        () => void touchStreamConnection(this.db, place).catch(() => undefined),
      );
      return source.pipe(
        takeUntil(expired),
        finalize(() => {
          heartbeat.unsubscribe();
          void deleteStreamConnection(this.db, place).catch(() => undefined);
        }),
      );
    });
  }

  private async claim(id: string, user: string): Promise<void> {
    const staleAfterMs = 3 * this.limits.heartbeatMs;
    const row = await this.db.transaction((m) =>
      claimStreamConnection(m, {
        id,
        user,
        staleAfterMs,
        perUser: this.limits.perUser,
        total: this.limits.total,
      }),
    );
    if (row.opened) return;
    if (row.mine >= this.limits.perUser)
      throw new RateLimitedError(
        Math.ceil(this.limits.heartbeatMs / 1000),
        `you have ${row.mine} streams open, the most one user may hold (${this.limits.perUser}): close one first`,
      );
    throw new DomainException(
      DomainErrorKind.UNAVAILABLE,
      'TOO_MANY_STREAMS',
      `the service holds ${row.total} streams, its limit (${this.limits.total}): retry later`,
    );
  }
}

/** The limits HttpConfig sets (SSE_STREAMS_PER_USER, SSE_STREAMS_TOTAL, SSE_HEARTBEAT_MS). */
export function streamLimitsOf(config: {
  SSE_STREAMS_PER_USER: number;
  SSE_STREAMS_TOTAL: number;
  SSE_HEARTBEAT_MS: number;
}): StreamLimits {
  return {
    perUser: config.SSE_STREAMS_PER_USER,
    total: config.SSE_STREAMS_TOTAL,
    heartbeatMs: config.SSE_HEARTBEAT_MS,
  };
}

/** The request of an SSE route once StreamAdmissionGuard admitted it: `streamPlace` is for StreamGate.hold. */
export type AdmittedStreamRequest = AuthenticatedRequest & { streamPlace: string };

/**
 * Put on an @Sse route (after the global AuthGuard has identified the caller): takes the stream's place or refuses
 * with 429 / 503 while a status can still be sent. Anonymous readers (AUTH_ANONYMOUS_READ) count by address.
 */
@Injectable()
export class StreamAdmissionGuard implements CanActivate {
  constructor(private readonly gate: StreamGate) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdmittedStreamRequest>();
    const me = req.principal;
    const user = me ? `${me.agency}:${me.sub}` : `anonymous:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    req.streamPlace = await this.gate.admit(user);
    return true;
  }
}
