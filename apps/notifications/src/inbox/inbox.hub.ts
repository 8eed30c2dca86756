import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { filter, type Observable, Subject } from 'rxjs';

export interface InboxItem {
  id: string;
  rule: string;
  severity: string;
  subject: string;
  body: string;
  eventType: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface InboxUpdate {
  recipient: string;
  agencyCode: string;
  item: InboxItem;
}

/**
 * Live inbox updates inside one replica: the inbox channel publishes, the SSE stream of each connected
 * user listens. With several replicas, a user connected to another one sees the notice on the next
 * GET /v1/inbox (or a pg LISTEN/NOTIFY bridge can feed this hub; not needed yet).
 */
@Injectable()
export class InboxHub implements OnModuleDestroy {
  private readonly updates = new Subject<InboxUpdate>();

  publish(update: InboxUpdate): void {
    this.updates.next(update);
  }

  for(recipient: string, agencyCode: string): Observable<InboxUpdate> {
    return this.updates.pipe(filter((u) => u.recipient === recipient && u.agencyCode === agencyCode));
  }

  onModuleDestroy(): void {
    this.updates.complete();
  }
}
