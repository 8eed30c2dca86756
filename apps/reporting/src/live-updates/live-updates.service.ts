import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DatabaseConfig, MAX_BROADCAST_BYTES, ReplicaBroadcast } from '@dxhub/persistence';
import { Subject, type Observable } from 'rxjs';
import { REPORTING_SCHEMA } from '../database/reporting-schema';
import type { IndicatorAggregateUpdatedV1 } from '@dxhub/contracts';

/** An aggregate as the projection wrote it (what the live stream pushes to dashboards). */
export type ChangedAggregate = Pick<
  IndicatorAggregateUpdatedV1,
  'indicatorCode' | 'orgUnitCode' | 'orgUnitName' | 'period' | 'value' | 'version'
>;

/** What the read models changed, pushed after the projector's transaction commits (GET /v1/stream). */
export interface LiveUpdate {
  kind: 'aggregates' | 'catalogue' | 'report' | 'tasks' | 'scores';
  aggregates?: ChangedAggregate[];
  /** `scores`: the periods whose DTI scores changed. */
  periods?: string[];
  reportId?: string;
}

/** Room left in a NOTIFY payload for the envelope around an update (replica id, field names). */
const ENVELOPE_BYTES = 200;

/**
 * Fan-out of committed read-model changes to the server-sent-event streams of every replica. The projector
 * that committed a change runs on one replica (its consumer group gave it the partition); it pushes the change
 * to its own streams and tells the other replicas through PostgreSQL NOTIFY (ReplicaBroadcast), which push it
 * to theirs. NOTIFY rather than a consumer per replica: an update names rows committed in this service's
 * database, and NOTIFY is sent after that commit, so a client that follows a push with a GET reads them on
 * any replica. A change of many aggregates goes out as several `aggregates` updates, each within NOTIFY's
 * 8,000 bytes, the same on every replica.
 */
@Injectable()
export class LiveUpdatesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LiveUpdatesService.name);
  private readonly subject = new Subject<LiveUpdate>();
  private readonly closing = new Subject<void>();
  private readonly broadcast: ReplicaBroadcast<LiveUpdate>;

  /** Emits once when the service shuts down: open streams end, so the HTTP server can close. */
  readonly closed$ = this.closing.asObservable();

  constructor(config: DatabaseConfig) {
    this.broadcast = new ReplicaBroadcast({
      url: config.DATABASE_URL,
      channel: `${REPORTING_SCHEMA}_live_updates`,
      applicationName: 'dxhub-reporting-live-updates',
      receive: (update) => this.subject.next(update),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.broadcast.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing.next();
    this.closing.complete();
    this.subject.complete();
    await this.broadcast.stop();
  }

  publish(update: LiveUpdate): void {
    for (const part of splitForBroadcast(update)) {
      this.subject.next(part);
      this.broadcast
        .publish(part)
        .catch((error: unknown) =>
          this.logger.warn({ msg: 'other replicas not told of a read-model change', kind: part.kind, err: error }),
        );
    }
  }

  updates(): Observable<LiveUpdate> {
    return this.subject.asObservable();
  }
}

/** The update as parts that each fit in one NOTIFY: its aggregates split into runs of bounded size. */
export function splitForBroadcast(update: LiveUpdate, maxBytes = MAX_BROADCAST_BYTES - ENVELOPE_BYTES): LiveUpdate[] {
  if (!update.aggregates || update.aggregates.length === 0) return [update];
  const parts: LiveUpdate[] = [];
  let run: ChangedAggregate[] = [];
  let bytes = Buffer.byteLength(JSON.stringify({ ...update, aggregates: [] }));
  for (const aggregate of update.aggregates) {
    const size = Buffer.byteLength(JSON.stringify(aggregate)) + 1; // and its comma
    if (run.length > 0 && bytes + size > maxBytes) {
      parts.push({ ...update, aggregates: run });
      run = [];
      bytes = Buffer.byteLength(JSON.stringify({ ...update, aggregates: [] }));
    }
    run.push(aggregate);
    bytes += size;
  }
  parts.push({ ...update, aggregates: run });
  return parts;
}
