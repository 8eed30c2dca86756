import { Inject, Injectable } from '@nestjs/common';
import { type AuditEntry, recordAuditEntries } from '@dxhub/audit';
import type { CloudEvent, IndicatorValueReportedV1 } from '@dxhub/contracts';
import { OutboxRelayService } from '@dxhub/messaging';
import { counter } from '@dxhub/observability';
import { DataSource } from 'typeorm';
import { applyReports } from '../aggregates/aggregate-writer';
import { rulesFromCatalogue } from '../aggregates/aggregation-rules';
import { ApprovingAgenciesService } from '../approval/approving-agencies.service';
import { PeriodLocksService } from '../approval/period-locks.service';
import { CatalogueService } from '../catalogue/catalogue.service';
import { publishApprovedFigures } from '../views/approved-figures';
import { type AcceptedReport, checkReport, reportKey } from './report-check';

const reportsApplied = counter('dx_indicator_reports_applied_total', 'Indicator reports stored and rolled up', ['channel']);
const reportsDuplicate = counter('dx_indicator_reports_duplicate_total', 'Indicator reports already applied (same ce_source and ce_id)', ['channel']);
const reportsRejected = counter('dx_indicator_reports_rejected_total', 'Indicator reports refused by a catalogue rule', ['channel']);

/** One report as it arrived, from Kafka or over HTTP: the agency it counts for is already established. */
export interface Submission {
  agencyCode: string;
  /** The agency's topic, or `rest` / `xlsx`. */
  channel: string;
  event: CloudEvent<IndicatorValueReportedV1>;
}

export type SubmissionOutcome = { status: 'accepted' } | { status: 'duplicate' } | { status: 'rejected'; reason: string };

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
  ) {}

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
    const locked = await this.periodLocks.refusals(valid.map((v) => v.report), receivedAt);
    for (const [i, reason] of locked) {
      outcomes[valid[i].index] = { status: 'rejected', reason };
      reportsRejected.inc({ channel: channelLabel(submissions[valid[i].index].channel) });
    }
    const accepted = locked.size === 0 ? valid : valid.filter((_, i) => !locked.has(i));
    if (accepted.length > 0) {
      const stored = await this.dataSource.transaction(async (m) => {
        const applied = await applyReports(
          m,
          accepted.map((a) => a.report),
          rulesFromCatalogue(this.catalogue),
          {
            approvers: this.approvers.lookup(receivedAt),
            approvedCellsReopened: async (tx, cells) => void (await publishApprovedFigures(tx, this.catalogue, cells)),
          },
        );
        // Agency events are audited here, in the batch's transaction (one INSERT); REST requests by the
        // AuditInterceptor, which knows the caller.
        await recordAuditEntries(m, kafkaAuditEntries(accepted.map((a) => a.report), applied, receivedAt));
        return applied;
      });
      for (const { index, report } of accepted) {
        // delete, not has: the same event twice in one batch is stored once and reported once.
        const applied = stored.delete(reportKey(report));
        outcomes[index] = applied ? { status: 'accepted' } : { status: 'duplicate' };
        (applied ? reportsApplied : reportsDuplicate).inc({ channel: channelLabel(submissions[index].channel) });
      }
      this.relay.nudge();
    }
    return outcomes;
  }
}

/** One entry per agency event stored now (not duplicates, each event once): `kafka:<topic>` as the source. */
function kafkaAuditEntries(reports: AcceptedReport[], stored: Set<string>, at: Date): AuditEntry[] {
  const seen = new Set<string>();
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
