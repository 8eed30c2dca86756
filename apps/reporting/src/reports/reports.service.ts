import { auditRequestIn } from '@dxhub/audit';
import { Inject, Injectable } from '@nestjs/common';
import { EventTypes, type ReportPublishedV1 } from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { appendToOutbox, OutboxRelayService } from '@dxhub/messaging';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LiveUpdatesService } from '../projection/live-updates.service';
import { ScorecardService } from '../scorecard/scorecard.service';
import { requirePeriod } from '@dxhub/periods';
import { KIND_EN, KIND_VI, type ReportSnapshot } from './report-snapshot';
import { reportWindow } from './reporting-regime';

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
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly scorecards: ScorecardService,
    private readonly relay: OutboxRelayService,
    private readonly live: LiveUpdatesService,
  ) {}

  /**
   * Freezes the scorecard of `orgUnitCode` for `period` now. A scheduled report exists once per kind,
   * period and unit: a second scheduled call returns null.
   */
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
      generatedAt: new Date().toISOString(),
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
      const inserted = (await m.query(
        `INSERT INTO reports (id, kind, period, org_unit_code, window_start, window_end, generated_at, trigger, snapshot)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
         ON CONFLICT (kind, period, org_unit_code) WHERE trigger = 'scheduled' DO NOTHING RETURNING id`,
        [
          snapshot.reportId,
          snapshot.kind,
          snapshot.period,
          orgUnitCode,
          window.start,
          window.end,
          snapshot.generatedAt,
          trigger,
          JSON.stringify(snapshot),
        ],
      )) as { id: string }[];
      if (inserted.length === 0) return false;
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
    const rows = (await this.dataSource.query(
      `SELECT id, kind, period, org_unit_code, window_start::text, window_end::text, trigger, generated_at FROM reports ORDER BY generated_at DESC LIMIT $1`,
      [limit],
    )) as {
      id: string;
      kind: string;
      period: string;
      org_unit_code: string;
      window_start: string;
      window_end: string;
      trigger: string;
      generated_at: Date;
    }[];
    return rows.map((r) => ({
      reportId: r.id,
      kind: r.kind,
      period: r.period,
      orgUnitCode: r.org_unit_code,
      windowStart: r.window_start,
      windowEnd: r.window_end,
      trigger: r.trigger,
      generatedAt: new Date(r.generated_at).toISOString(),
      href: `/v1/reports/${r.id}`,
    }));
  }

  async get(reportId: string): Promise<ReportSnapshot> {
    const [row] = (await this.dataSource.query(`SELECT snapshot FROM reports WHERE id = $1`, [reportId])) as {
      snapshot: ReportSnapshot;
    }[];
    if (!row) throw new DomainException(DomainErrorKind.NOT_FOUND, 'REPORT_NOT_FOUND', `no report ${reportId}`);
    return row.snapshot;
  }
}
