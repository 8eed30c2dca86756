import { Inject, Injectable } from '@nestjs/common';
import { type AuditEntry, recordAuditEntries, takeRequestAudit } from '@dxhub/audit';
import type { CloudEvent, IndicatorValueReportedV1 } from '@dxhub/contracts';
import { isTransientFailure, OutboxRelayService } from '@dxhub/messaging';
import { counter, histogram } from '@dxhub/observability';
import { DataSource } from 'typeorm';
import { applyReports } from '../aggregates/aggregate-writer';
import { rulesFromCatalogue } from '../aggregates/aggregation-rules';
import { ApprovingAgenciesService } from '../approval/approving-agencies.service';
import { PeriodLocksService } from '../approval/period-locks.service';
import { CatalogueService } from '../catalogue/catalogue.service';
import { IndicatorsConfig } from '../config/indicators.config';
import { publishApprovedFigures } from '../views/approved-figures';
import { type AcceptedReport, checkReport, reportKey } from './report-check';

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

export type SubmissionOutcome =
  { status: 'accepted' } | { status: 'duplicate' } | { status: 'rejected'; reason: string };

/**
 * The one path every indicator report takes, whatever carried it: checked against the catalogue, then
 * stored and rolled up with the rest of its batch in one transaction.
 */
@Injectable()
export class IndicatorIntakeService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly relay: OutboxRelayService,
    private readonly approvers: ApprovingAgenciesService,
    private readonly periodLocks: PeriodLocksService,
    private readonly config: IndicatorsConfig,
  ) {}

  private readonly pending: PendingSubmission[] = [];
  /** Transactions running or about to start. */
  private running = 0;

  /** Outcomes in the order of the submissions. */
  async submit(submissions: Submission[]): Promise<SubmissionOutcome[]> {
    const receivedAt = new Date();
    const outcomes: SubmissionOutcome[] = new Array(submissions.length);
    const valid: { index: number; report: AcceptedReport }[] = [];
    submissions.forEach((s, index) => {
      const checked = checkReport(this.catalogue, s.agencyCode, s.channel, s.event, receivedAt);
      if (checked.ok) valid.push({ index, report: checked.report });
      else {
        outcomes[index] = { status: 'rejected', reason: checked.reason };
        reportsRejected.inc({ channel: channelLabel(s.channel) });
      }
    });
    // Period locking after the catalogue rules: a report wrong in itself is refused with that reason.
    const locked = await this.periodLocks.refusals(
      valid.map((v) => v.report),
      receivedAt,
    );
    for (const [i, reason] of locked) {
      outcomes[valid[i].index] = { status: 'rejected', reason };
      reportsRejected.inc({ channel: channelLabel(submissions[valid[i].index].channel) });
    }
    const accepted = locked.size === 0 ? valid : valid.filter((_, i) => !locked.has(i));
    if (accepted.length > 0) {
      // A REST request's audit row is written by the group's transaction, with the values it stores.
      const entry = takeRequestAudit({ rejected: submissions.length - accepted.length });
      const stored = await this.storeTogether({
        reports: accepted.map((a) => a.report),
        receivedAt,
        ...(entry ? { audit: entry } : {}),
      });
      const committedAfterSeconds = (Date.now() - receivedAt.getTime()) / 1000;
      for (const { index, report } of accepted) {
        // delete, not has: the same event twice in one batch is stored once and reported once.
        const applied = stored.delete(reportKey(report));
        outcomes[index] = applied ? { status: 'accepted' } : { status: 'duplicate' };
        const channel = channelLabel(submissions[index].channel);
        (applied ? reportsApplied : reportsDuplicate).inc({ channel });
        if (applied) reportToAggregate.observe({ channel }, committedAfterSeconds);
      }
      this.relay.nudge();
    }
    return outcomes;
  }

  /**
   * Group commit: the checked reports of every submission that arrives while INTAKE_TRANSACTIONS are
   * running (the batches of the partitions consumed at the same time, HTTP requests) go into the next
   * transaction together, so the roll-up of a district or the province moves once for all of them and the
   * fixed cost of a transaction is paid once. Each caller gets the keys its group stored (a shared set:
   * the first caller to claim a key reports it stored). A group that fails for a reason its data gives
   * (see isTransientFailure) is split, each submission alone, so one bad submission fails only itself.
   */
  private storeTogether(submission: PendingSubmission['submission']): Promise<Set<string>> {
    return new Promise((resolve, reject) => {
      this.pending.push({ submission, resolve, reject });
      if (this.running < this.config.INTAKE_TRANSACTIONS) {
        this.running++;
        // One turn of the event loop lets the batches kafkajs hands over together join one group.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const group = this.nextGroup();
        try {
          const stored = await this.store(group.map((g) => g.submission));
          for (const g of group) g.resolve(stored);
        } catch (error) {
          if (group.length === 1 || isTransientFailure(error)) for (const g of group) g.reject(error);
          else for (const g of group) await this.store([g.submission]).then(g.resolve, g.reject);
        }
      }
    } finally {
      this.running--;
    }
  }

  /** The submissions waiting, in order, up to INTAKE_MAX_REPORTS_PER_TRANSACTION reports (at least one). */
  private nextGroup(): PendingSubmission[] {
    const limit = this.config.INTAKE_MAX_REPORTS_PER_TRANSACTION;
    let reports = this.pending[0].submission.reports.length;
    let count = 1;
    while (count < this.pending.length && reports + this.pending[count].submission.reports.length <= limit) {
      reports += this.pending[count].submission.reports.length;
      count++;
    }
    return this.pending.splice(0, count);
  }

  private store(submissions: PendingSubmission['submission'][]): Promise<Set<string>> {
    return this.dataSource.transaction(async (m) => {
      const reports = submissions.flatMap((s) => s.reports);
      // Approvers as of the first submission's arrival: a group spans milliseconds.
      const applied = await applyReports(m, reports, rulesFromCatalogue(this.catalogue), {
        approvers: this.approvers.lookup(submissions[0].receivedAt),
        approvedCellsReopened: async (tx, cells) => void (await publishApprovedFigures(tx, this.catalogue, cells)),
      });
      // Agency events and REST requests are audited here, in the group's transaction (one INSERT): a stored
      // value is never without its audit row.
      const audited = new Set<string>();
      await recordAuditEntries(m, [
        ...submissions.flatMap((s) => kafkaAuditEntries(s.reports, applied, s.receivedAt, audited)),
        ...restAuditEntries(submissions, applied),
      ]);
      return applied;
    });
  }
}

interface PendingSubmission {
  /** `audit`: the REST request's row (AuditInterceptor's), written with the values it stores. */
  submission: { reports: AcceptedReport[]; receivedAt: Date; audit?: AuditEntry };
  resolve: (stored: Set<string>) => void;
  reject: (error: unknown) => void;
}

/**
 * One entry per agency event stored now (not duplicates, each event once: `seen` holds the keys already
 * audited in the transaction): `kafka:<topic>` as the source.
 */
function kafkaAuditEntries(reports: AcceptedReport[], stored: Set<string>, at: Date, seen: Set<string>): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const r of reports) {
    const key = reportKey(r);
    if (r.topic === 'rest' || r.topic === 'xlsx') continue;
    if (!stored.has(key) || seen.has(key)) continue;
    seen.add(key);
    entries.push({
      actor: `kafka:${r.agencyCode}`,
      agency: r.agencyCode,
      action: 'indicator-value.reported',
      resource: `indicator-values/${r.indicatorCode}/org-unit-id:${r.orgUnitId}/${r.period}`,
      requestId: r.eventId,
      source: `kafka:${r.topic}`,
      at,
    });
  }
  return entries;
}

function channelLabel(channel: string): string {
  return channel.startsWith('dx.agency.') ? 'kafka' : channel;
}

/**
 * The audit rows of the REST requests in a group, each with how many of its values the group stored (a value two
 * requests both sent counts for the first) and how many were already there.
 */
function restAuditEntries(submissions: PendingSubmission['submission'][], stored: Set<string>): AuditEntry[] {
  const claimed = new Set<string>();
  return submissions.flatMap((s) => {
    if (!s.audit) return [];
    const accepted = s.reports.filter((r) => {
      const key = reportKey(r);
      if (!stored.has(key) || claimed.has(key)) return false;
      claimed.add(key);
      return true;
    }).length;
    return [{ ...s.audit, details: { ...s.audit.details, accepted, duplicates: s.reports.length - accepted } }];
  });
}
