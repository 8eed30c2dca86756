import { Inject, Injectable } from '@nestjs/common';
import { type AuditBatch, auditRequestIn, recordAuditBatches } from '@dxhub/audit';
import { Clock } from '@dxhub/calendar';
import {
  type CloudEvent,
  type IndicatorValueReportedV1,
  agencySource,
  EventTypes,
  type RejectionCode,
  RejectionCodes,
} from '@dxhub/contracts';
import { claimInInbox, logAndAnnounceRejections, OutboxRelayService, type RejectedEvent } from '@dxhub/messaging';
import { counter, histogram } from '@dxhub/observability';
import { DataSource, type EntityManager } from 'typeorm';
import { type AcceptedReport, reportKey } from '../aggregates/accepted-report';
import { applyReports } from '../aggregates/aggregate-writer';
import { rulesFromCatalogue } from '../aggregates/aggregation-rules';
import { ApprovingAgenciesService, type IntakeApproval } from '../approval/approving-agencies.service';
import { putReplacedValuesToApproval } from '../approval/replaced-values';
import { PeriodLocksService } from '../approval/period-locks.service';
import { CatalogueService } from '../catalogue/catalogue.service';
import { publishApprovedFigures } from '../views/approved-figures';
import { checkReport } from './report-check';

const reportsApplied = counter('dx_indicator_reports_applied_total', 'Indicator reports stored and rolled up', [
  'channel',
]);
const reportsDuplicate = counter(
  'dx_indicator_reports_duplicate_total',
  'Indicator reports already applied (same ce_source and ce_id)',
  ['channel'],
);
const reportsRejected = counter(
  'dx_indicator_reports_rejected_total',
  'Indicator reports refused by a catalogue rule',
  ['channel'],
);

/**
 * From a report's receipt (its batch handed to the intake, or the HTTP request) to the commit of the transaction
 * that stored it and moved its aggregates up to the province. Not from ce_time: that is the agency's clock and
 * the agency's business (a correction may carry last month's time). The time a report waits in Kafka before
 * the intake takes it shows as the consumer group's lag (dx_consumer_lag).
 */
const reportToAggregate = histogram(
  'dx_indicator_report_to_aggregate_seconds',
  'From an indicator report reaching the intake to the commit of its aggregates',
  ['channel'],
  [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
);

/** One report as it arrived, from Kafka or over HTTP: the agency it counts for is already established. */
export interface Submission {
  agencyCode: string;
  /** The agency's topic, or `rest` / `xlsx`. */
  channel: string;
  event: CloudEvent<IndicatorValueReportedV1>;
}

/** A REST value or spreadsheet row refused before it became an event (unreadable, or failing the contract). */
export interface EarlierRefusal {
  agencyCode: string;
  channel: 'rest' | 'xlsx';
  eventId: string | null;
  code: RejectionCode;
  reason: string;
}

export type SubmissionOutcome =
  { status: 'accepted' } | { status: 'duplicate' } | { status: 'rejected'; reason: string };

/**
 * The one path every indicator report takes, whatever carried it: checked against the catalogue and the
 * period locks, then stored and rolled up with the rest of its batch in one transaction. Kafka reports
 * arrive inside the messaging pipeline's transaction, already claimed in the inbox (applyInTransaction);
 * REST and spreadsheet reports claim theirs here (submit), in the same inbox, so an id counts once
 * whichever way it came.
 */
@Injectable()
export class IndicatorIntakeService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly relay: OutboxRelayService,
    private readonly approvers: ApprovingAgenciesService,
    private readonly periodLocks: PeriodLocksService,
    private readonly clock: Clock,
  ) {}

  /**
   * REST and spreadsheet reports: outcomes in the order of the submissions. Every refusal of the request,
   * `refusedEarlier` ones included, goes to the rejection log (and its summary to the agency) in the
   * transaction that stores the rest.
   */
  async submit(submissions: Submission[], refusedEarlier: EarlierRefusal[] = []): Promise<SubmissionOutcome[]> {
    const receivedAt = this.clock.now();
    const outcomes: SubmissionOutcome[] = new Array(submissions.length);
    const stored = await this.dataSource.transaction(async (tx) => {
      const checked = await this.check(tx, submissions, receivedAt);
      for (const [index, reason] of checked.refused) outcomes[index] = { status: 'rejected', reason };
      await logAndAnnounceRejections(
        tx,
        restRejections(submissions, checked.refused, refusedEarlier, receivedAt),
        'indicators',
      );
      const fresh = await claimInInbox(
        tx,
        checked.accepted.map(({ report }) => ({ source: report.eventSource, id: report.eventId })),
        checked.accepted.map(({ index }) => submissions[index].channel),
      );
      checked.accepted.forEach(({ index }, i) => {
        if (!fresh[i]) outcomes[index] = { status: 'duplicate' };
      });
      const toStore = checked.accepted.filter((_, i) => fresh[i]);
      for (const { index } of toStore) outcomes[index] = { status: 'accepted' };
      const storedNow = await this.store(
        tx,
        toStore.map((a) => a.report),
        receivedAt,
      );
      // The request's audit row commits with the values it stored (a REST write that passed the checks; a
      // request whose every value was refused changed nothing and is not audited).
      if (checked.accepted.length > 0) {
        await auditRequestIn(tx, {
          accepted: storedNow,
          duplicates: checked.accepted.length - toStore.length,
          rejected: checked.refused.size,
        });
      }
      return storedNow;
    });
    const committedAfterSeconds = (this.clock.now().getTime() - receivedAt.getTime()) / 1000;
    outcomes.forEach((outcome, index) => {
      const channel = channelLabel(submissions[index].channel);
      if (outcome.status === 'accepted') {
        reportsApplied.inc({ channel });
        reportToAggregate.observe({ channel }, committedAfterSeconds);
      } else if (outcome.status === 'duplicate') reportsDuplicate.inc({ channel });
      else reportsRejected.inc({ channel });
    });
    if (stored > 0 || refusedEarlier.length > 0 || outcomes.some((o) => o.status === 'rejected')) this.relay.nudge();
    return outcomes;
  }

  /**
   * Agency events the messaging pipeline claimed in its transaction `tx`: checked and stored there. Returns
   * the refused ones (their index and reason), which the pipeline dead-letters and releases, and what to do
   * once the transaction committed.
   */
  async applyInTransaction(
    tx: EntityManager,
    submissions: Submission[],
    receivedAt: Date,
  ): Promise<{ refused: Map<number, string>; committed: () => void }> {
    const checked = await this.check(tx, submissions, receivedAt);
    const stored = await this.store(
      tx,
      checked.accepted.map((a) => a.report),
      receivedAt,
    );
    const channel = 'kafka';
    return {
      refused: checked.refused,
      committed: () => {
        reportsApplied.inc({ channel }, stored);
        reportsRejected.inc({ channel }, checked.refused.size);
        // receivedAt is the messaging pipeline's; elapsed time is measured on its clock.
        const seconds = (Date.now() - receivedAt.getTime()) / 1000;
        for (let i = 0; i < stored; i++) reportToAggregate.observe({ channel }, seconds);
        // The new figures go out now, not at the relay's next poll.
        this.relay.nudge();
      },
    };
  }

  /** The catalogue rules, then the period locks (a report wrong in itself is refused with that reason). */
  private async check(
    tx: EntityManager,
    submissions: Submission[],
    receivedAt: Date,
  ): Promise<{ accepted: { index: number; report: AcceptedReport }[]; refused: Map<number, string> }> {
    const refused = new Map<number, string>();
    const valid: { index: number; report: AcceptedReport }[] = [];
    submissions.forEach((s, index) => {
      const checked = checkReport(this.catalogue, s.agencyCode, s.channel, s.event, receivedAt);
      if (checked.ok) valid.push({ index, report: checked.report });
      else refused.set(index, checked.reason);
    });
    const locked = await this.periodLocks.refusals(
      valid.map((v) => v.report),
      receivedAt,
      tx,
    );
    for (const [i, reason] of locked) refused.set(valid[i].index, reason);
    return { accepted: locked.size === 0 ? valid : valid.filter((_, i) => !locked.has(i)), refused };
  }

  /** Stores and rolls up the reports in `tx`, and audits the agency events among them; returns how many. */
  private async store(tx: EntityManager, reports: AcceptedReport[], receivedAt: Date): Promise<number> {
    if (reports.length === 0) return 0;
    // Approvers as of the arrival: a transaction spans milliseconds.
    const approval: IntakeApproval = {
      approvers: this.approvers.lookup(receivedAt),
      approvedCellsReopened: async (m, cells) => void (await publishApprovedFigures(m, this.catalogue, cells)),
    };
    const applied = await applyReports(tx, reports, rulesFromCatalogue(this.catalogue), (m, cells) =>
      putReplacedValuesToApproval(m, cells, approval),
    );
    // Agency events are audited here, in the batch's transaction: one row per agency topic, whatever the batch's
    // size; REST requests by the AuditInterceptor, which knows the caller.
    await recordAuditBatches(tx, kafkaAuditBatches(reports, applied, receivedAt));
    return applied.size;
  }
}

/**
 * The agency events stored (each event once), one batch per agency and topic: `kafka:<agency>` as the actor, `kafka:<topic>` as
 * the source, each event its own item (its ce_id and the cell it reported).
 */
function kafkaAuditBatches(reports: AcceptedReport[], stored: Set<string>, at: Date): AuditBatch[] {
  const batches = new Map<string, AuditBatch>();
  const seen = new Set<string>();
  for (const r of reports) {
    const key = reportKey(r);
    if (r.topic === 'rest' || r.topic === 'xlsx') continue;
    if (!stored.has(key) || seen.has(key)) continue;
    seen.add(key);
    const batchKey = `${r.agencyCode}\u0000${r.topic}`;
    let batch = batches.get(batchKey);
    if (!batch) {
      batch = {
        actor: `kafka:${r.agencyCode}`,
        agency: r.agencyCode,
        action: 'indicator-value.reported',
        source: `kafka:${r.topic}`,
        at,
        items: [],
      };
      batches.set(batchKey, batch);
    }
    batch.items.push({
      requestId: r.eventId,
      resource: `indicator-values/${r.indicatorCode}/org-unit-id:${r.orgUnitId}/${r.period}`,
    });
  }
  return [...batches.values()];
}

/** The rejection-log rows of a REST or spreadsheet request: its refusals before the catalogue check, then by it. */
function restRejections(
  submissions: Submission[],
  refused: Map<number, string>,
  earlier: EarlierRefusal[],
  at: Date,
): RejectedEvent[] {
  const type = EventTypes.INDICATOR_VALUE_REPORTED;
  return [
    ...earlier.map((r) => ({
      channel: r.channel,
      agency: r.agencyCode,
      eventId: r.eventId,
      eventSource: agencySource(r.agencyCode),
      eventType: type,
      code: r.code,
      message: r.reason,
      at,
    })),
    ...[...refused]
      .sort(([a], [b]) => a - b)
      .map(([index, reason]) => {
        const s = submissions[index];
        return {
          channel: s.channel as 'rest' | 'xlsx',
          agency: s.agencyCode,
          eventId: s.event.id,
          eventSource: s.event.source,
          eventType: s.event.type,
          code: RejectionCodes.REFUSED,
          message: reason,
          at,
        };
      }),
  ];
}

function channelLabel(channel: string): string {
  return channel.startsWith('dx.agency.') ? 'kafka' : channel;
}
