import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DatabaseConfig, ReplicaBroadcast } from '@dxhub/persistence';
import { filter, Observable, Subject } from 'rxjs';
import { NOTIFICATIONS_SCHEMA } from '../database/notifications-schema';
import { type InboxItem, InboxService } from './inbox.service';

export interface InboxUpdate {
  recipient: string;
  agencyCode: string;
  item: InboxItem;
}

/** What one replica tells the others when it put a notice in an inbox: the notice's id, not its text. */
interface NoticeDelivered {
  noticeId: string;
  recipient: string;
  agencyCode: string;
}

const listenerKey = (recipient: string, agencyCode: string) => `${agencyCode}\u0000${recipient}`;

/**
 * Live inbox updates across replicas. The replica whose delivery worker sent a notice pushes it to its own
 * streams at once and tells the other replicas through PostgreSQL NOTIFY (ReplicaBroadcast); a replica with a
 * stream open for that recipient reads the committed notice and pushes it. NOTIFY rather than a consumer per
 * replica: the notice exists only once it is committed in this service's database, and NOTIFY is sent after
 * that commit, so a client that follows a push with GET /v1/inbox finds it on any replica.
 */
@Injectable()
export class InboxHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InboxHub.name);
  private readonly updates = new Subject<InboxUpdate>();
  /** Open streams per recipient on this replica: notices of others are not read from the database. */
  private readonly listeners = new Map<string, number>();
  private readonly broadcast: ReplicaBroadcast<NoticeDelivered>;

  constructor(
    config: DatabaseConfig,
    private readonly inbox: InboxService,
  ) {
    this.broadcast = new ReplicaBroadcast({
      url: config.DATABASE_URL,
      channel: `${NOTIFICATIONS_SCHEMA}_inbox`,
      applicationName: 'dxhub-notifications-inbox',
      receive: (notice) => void this.deliveredElsewhere(notice),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.broadcast.start();
  }

  /** A notice this replica just committed as sent. */
  publish(update: InboxUpdate): void {
    this.updates.next(update);
    this.broadcast
      .publish({ noticeId: update.item.id, recipient: update.recipient, agencyCode: update.agencyCode })
      .catch((error: unknown) =>
        this.logger.warn({ msg: 'other replicas not told of a notice', noticeId: update.item.id, err: error }),
      );
  }

  for(recipient: string, agencyCode: string): Observable<InboxUpdate> {
    const key = listenerKey(recipient, agencyCode);
    return new Observable<InboxUpdate>((subscriber) => {
      this.listeners.set(key, (this.listeners.get(key) ?? 0) + 1);
      const subscription = this.updates
        .pipe(filter((u) => u.recipient === recipient && u.agencyCode === agencyCode))
        .subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        const left = (this.listeners.get(key) ?? 1) - 1;
        if (left > 0) this.listeners.set(key, left);
        else this.listeners.delete(key);
      };
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.updates.complete();
    await this.broadcast.stop();
  }

  private async deliveredElsewhere(notice: NoticeDelivered): Promise<void> {
    if (!this.listeners.has(listenerKey(notice.recipient, notice.agencyCode))) return;
    try {
      const item = await this.inbox.sentItem(notice.noticeId);
      if (item) this.updates.next({ recipient: notice.recipient, agencyCode: notice.agencyCode, item });
    } catch (error) {
      this.logger.warn({
        msg: 'a notice from another replica could not be read',
        noticeId: notice.noticeId,
        err: error,
      });
    }
  }
}
