import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { ChangedAggregate } from './read-model.projection';

/** What the read models changed, pushed after the projector's transaction commits (GET /v1/stream). */
export interface LiveUpdate {
  kind: 'aggregates' | 'catalogue' | 'report' | 'tasks';
  aggregates?: ChangedAggregate[];
  reportId?: string;
}

/** In-process fan-out of committed read-model changes to the server-sent-event streams. */
@Injectable()
export class LiveUpdatesService implements OnModuleDestroy {
  private readonly subject = new Subject<LiveUpdate>();
  private readonly closing = new Subject<void>();

  /** Emits once when the service shuts down: open streams end, so the HTTP server can close. */
  readonly closed$ = this.closing.asObservable();

  onModuleDestroy(): void {
    this.closing.next();
    this.closing.complete();
    this.subject.complete();
  }

  publish(update: LiveUpdate): void {
    this.subject.next(update);
  }

  updates(): Observable<LiveUpdate> {
    return this.subject.asObservable();
  }
}
