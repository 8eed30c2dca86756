import { auditRequestIn } from '@dxhub/audit';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@dxhub/calendar';
import { EventTypes, type ReportPublishedV1 } from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { appendToOutbox, OutboxRelayService } from '@dxhub/messaging';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LiveUpdatesService } from '../live-updates/live-updates.service';
import { ScorecardService } from '../scorecard/scorecard.service';
import { requirePeriod } from '@dxhub/periods';
import { KIND_EN, KIND_VI, type ReportSnapshot } from './report-snapshot';
import { reportWindow } from './reporting-regime';
import { ReportsRepository } from './reports.repository';

export interface ReportSummary {
  reportId: string;
  kind: string;
  period: string;
  orgUnitCode: string;
  windowStart: string;
  windowEnd: string;
  trigger: string;
  generatedAt: string;
  href: string;
}

/** Period reports: frozen snapshots of a scorecard, each announced by `dx.report.published`. */
@Injectable()
export class ReportsService {
  constructor(
    // Held only to open the transaction a report, its event and its audit record commit in.
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
    private readonly scorecards: ScorecardService,
    private readonly relay: OutboxRelayService,
    private readonly live: LiveUpdatesService,
  ) {}

  /**
   * Freezes the scorecard of `orgUnitCode` for `period` now. A scheduled report exists once per kind,
   * period and unit: a second scheduled call returns null (an on-demand report is always stored).
   */
  async generate(period: string, orgUnitCode: string, trigger: 'on-demand'): Promise<ReportSnapshot>;
  async generate(period: string, orgUnitCode: string, trigger: 'scheduled'): Promise<ReportSnapshot | null>;
  async generate(
    period: string,
    orgUnitCode: string,
    trigger: 'scheduled' | 'on-demand',
  ): Promise<ReportSnapshot | null> {
    const window = reportWindow(period);
    const scorecard = await this.scorecards.scorecard(orgUnitCode, window.period);
    const snapshot: ReportSnapshot = {
      reportId: randomUUID(),
      kind: window.kind,
      period: window.period,
      orgUnit: scorecard.orgUnit,
      window: { start: window.start, end: window.end },
      trigger,
      generatedAt: this.clock.now().toISOString(),
      scorecard,
    };
    const event: ReportPublishedV1 = {
      reportId: snapshot.reportId,
      kind: snapshot.kind,
      titleVi: `${KIND_VI[snapshot.kind]} kỳ ${snapshot.period} — ${snapshot.orgUnit.nameVi}`,
      titleEn: `${KIND_EN[snapshot.kind]} ${snapshot.period} — ${snapshot.orgUnit.nameVi}`,
      periodType: requirePeriod(snapshot.period).type,
      period: snapshot.period,
      orgUnitCode,
      windowStart: window.start,
      windowEnd: window.end,
      trigger,
      generatedAt: snapshot.generatedAt,
      href: `/v1/reports/${snapshot.reportId}`,
    };
    const stored = await this.dataSource.transaction(async (m) => {
      if (!(await this.reports.in(m).insert({ snapshot, orgUnitCode }))) return false;
      await appendToOutbox(m, [
        {
          key: snapshot.reportId,
          id: `report:${snapshot.reportId}`,
          type: EventTypes.REPORT_PUBLISHED,
          source: '/services/reporting',
          subject: `${snapshot.kind}/${snapshot.period}/${orgUnitCode}`,
          time: snapshot.generatedAt,
          payload: event,
        },
      ]);
      // POST /v1/reports audits here; the scheduler's reports are no request and record nothing.
      await auditRequestIn(m, { reportId: snapshot.reportId, period: snapshot.period });
      return true;
    });
    if (!stored) return null;
    this.relay.nudge();
    this.live.publish({ kind: 'report', reportId: snapshot.reportId });
    return snapshot;
  }

  async list(limit = 100): Promise<ReportSummary[]> {
    const rows = await this.reports.list(limit);
    return rows.map((r) => ({
      reportId: r.id,
      kind: r.kind,
      period: r.period,
      orgUnitCode: r.orgUnitCode,
      windowStart: r.windowStart,
      windowEnd: r.windowEnd,
      trigger: r.trigger,
      generatedAt: r.generatedAt.toISOString(),
      href: `/v1/reports/${r.id}`,
    }));
  }

  async get(reportId: string): Promise<ReportSnapshot> {
    const snapshot = await this.reports.snapshot(reportId);
    if (!snapshot) throw new DomainException(DomainErrorKind.NOT_FOUND, 'REPORT_NOT_FOUND', `no report ${reportId}`);
    return snapshot;
  }
}
