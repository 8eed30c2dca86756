import { Injectable } from '@nestjs/common';
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
export class LiveUpdatesService {
  private readonly subject = new Subject<LiveUpdate>();

  publish(update: LiveUpdate): void {
    this.subject.next(update);
  }

  updates(): Observable<LiveUpdate> {
    return this.subject.asObservable();
  }
}
