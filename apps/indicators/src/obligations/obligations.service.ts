import { auditRequestIn } from '@dxhub/audit';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { WorkingDayCalendar } from '@dxhub/calendar';
import { type Period, requirePeriod, subPeriods } from '@dxhub/periods';
import { DataSource } from 'typeorm';
import { type AgencyResolution, resolveAgencyOn } from '../catalogue/agency-succession';
import { CatalogueService, type OrgUnitVersion } from '../catalogue/catalogue.service';
import type { CreateObligationDto } from './dto/create-obligation.dto';
import { type Obligation, owesPeriodEnding } from './obligation';
import { queueReportedPeriods } from './obligation-progress.repository';
import { type PeriodSchedule, periodSchedule } from './obligation-schedule';
import { ObligationErrorCode, ObligationException } from './obligations.exception';
import { ObligationsRepository } from './obligations.repository';
import { type ExpectedReport, type ReportCounts, countReportsBy, rollUp } from './report-counts';

/**
 * The default regime of the seeded obligations: due on the 2nd working day after the Decree 09 cut-off (the 14th of
 * the period's last month), as Khánh Hòa's regime reads (DOMAIN.md §5); Tiền Giang's own decision was not found.
 */
const SEEDED_DUE = { dueAnchor: 'CUT_OFF', dueWorkingDays: 2 } as const;

/** One period of an obligation as a whole: who owes it, its days, and the reports it expects. */
export interface ObligationPeriod {
  obligation: Obligation;
  period: Period;
  /** The agency owing the period, or why none does (an agency that ended without a successor). */
  owing: AgencyResolution;
  schedule: PeriodSchedule;
  reports: ExpectedReport[];
}

export interface CompletenessView extends ReportCounts {
  orgUnit: { code: string; nameVi: string };
  period: string;
  agency: string | null;
  obligation: string | null;
  own: ReportCounts | null;
  children: (ReportCounts & { orgUnitCode: string })[];
  byAgency: (ReportCounts & { agency: string })[];
  byPeriod: (ReportCounts & { period: string; dueDate: string })[];
}

/**
 * Reporting obligations (DHIS2's data sets): defined through the API or seeded from the catalogue, and what they
 * expect — the reports of each period, the agency owing them after successions, their due days in Vietnamese
 * working days — against the reports received (indicator_reports).
 */
@Injectable()
export class ObligationsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ObligationsService.name);
  /** The statutory holidays and the notices known to libs/calendar (the tasks service keeps administrators' notices). */
  readonly calendar = new WorkingDayCalendar();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly repository: ObligationsRepository,
  ) {}

  /** After the catalogue loaded its seeds (onModuleInit), so every indicator has its default obligation. */
  async onApplicationBootstrap(): Promise<void> {
    const seeded = await this.seedFromCatalogue();
    if (seeded > 0) this.logger.log({ msg: 'obligations seeded from the catalogue', seeded });
  }

  /**
   * One obligation per catalogued indicator that names a responsible agency and has none yet (code = indicator
   * code): the agency reports for its own org unit (the province for a department) and the units directly under it
   * in each period's hierarchy — the district-level units until 2025-06-30, the communes after — on the seeded regime.
   * Never overwrites an obligation, so changes through the API stay.
   */
  async seedFromCatalogue(): Promise<number> {
    const rows = this.catalogue
      .allIndicators()
      .filter((i) => i.definition.responsibleAgency)
      .map((i) => {
        const agency = i.definition.responsibleAgency as string;
        return {
          code: i.code,
          nameVi: `Báo cáo ${i.definition.nameVi}`,
          nameEn: `Report: ${i.definition.nameEn}`,
          agency,
          periodType: i.periodType,
          orgUnit: this.catalogue.agencyOrgUnits(agency)[0],
        };
      })
      .filter((r) => r.orgUnit !== undefined);
    return this.dataSource.transaction(async (m) => {
      const seeded = await this.repository.insertSeeded(m, rows, SEEDED_DUE);
      // The periods with reports of the new obligations (each named after its indicator) are counted and published.
      await queueReportedPeriods(m, seeded);
      return seeded.length;
    });
  }

  async list(filter: { agency?: string; indicator?: string } = {}): Promise<Obligation[]> {
    return this.repository.list(filter);
  }

  async get(code: string): Promise<Obligation> {
    const row = await this.repository.get(code);
    if (!row) throw new ObligationException(ObligationErrorCode.OBLIGATION_NOT_FOUND, `no obligation '${code}'`);
    return row;
  }

  async create(dto: CreateObligationDto): Promise<Obligation> {
    this.check(dto);
    const inserted = await this.dataSource.transaction(async (m) => {
      const created = await this.repository.insert(m, dto);
      if (created) {
        await auditRequestIn(m, { obligationCode: dto.code });
        // Its periods with reports are counted and published (ObligationProgressJob).
        await queueReportedPeriods(m, dto.indicatorCodes);
      }
      return created;
    });
    if (!inserted)
      throw new ObligationException(ObligationErrorCode.OBLIGATION_EXISTS, `obligation '${dto.code}' exists`);
    return this.get(dto.code);
  }

  /** A period of an obligation, its reports with the first receipt of each. */
  async obligationPeriod(obligation: Obligation, periodId: string): Promise<ObligationPeriod> {
    const period = requirePeriod(periodId);
    if (period.type !== obligation.periodType)
      throw new ObligationException(
        ObligationErrorCode.PERIOD_TYPE_MISMATCH,
        `obligation ${obligation.code} is ${obligation.periodType}; ${periodId} is ${period.type}`,
      );
    const [result] = await this.withReceipts([this.expected(obligation, period)]);
    return result;
  }

  /** Periods of obligations with their reports, the receipts of all of them read in one query. */
  async obligationPeriods(items: readonly { obligation: Obligation; period: Period }[]): Promise<ObligationPeriod[]> {
    return this.withReceipts(items.map(({ obligation, period }) => this.expected(obligation, period)));
  }

  /** The days of an obligation's period: when it closes, opens, is due and overdue. */
  scheduleOf(obligation: Obligation, period: Period): PeriodSchedule {
    return periodSchedule(
      this.calendar,
      { anchor: obligation.dueAnchor, workingDays: obligation.dueWorkingDays },
      period,
    );
  }

  /**
   * Completeness and timeliness of the reports owed for an org unit (its own and every unit's under it) and period:
   * each obligation of that period type, or finer (the months of a quarter), counts its periods within it.
   */
  async completeness(query: {
    orgUnit: string;
    period: string;
    agency?: string;
    obligation?: string;
  }): Promise<CompletenessView> {
    const period = requirePeriod(query.period);
    const unit = this.catalogue.orgUnitOn(query.orgUnit, period.end);
    if (!unit)
      throw new ObligationException(
        ObligationErrorCode.UNKNOWN_ORG_UNIT,
        `no org unit ${query.orgUnit} on ${period.end}, the period's last day`,
      );
    if (query.agency && !this.catalogue.agencyCodes().includes(query.agency))
      throw new ObligationException(ObligationErrorCode.UNKNOWN_AGENCY, `unknown agency '${query.agency}'`);
    const obligations = query.obligation ? [await this.get(query.obligation)] : await this.list();
    // Only the reports under the org unit that the agency asked for owes: their receipts are all that is read.
    const owed = obligations
      .flatMap((o) =>
        subPeriods(period, o.periodType)
          .filter((p) => owesPeriodEnding(o, p.end))
          .map((p) => this.expected(o, p)),
      )
      .filter((p) => !query.agency || (p.owing.found && p.owing.agency.code === query.agency))
      .map((p) => ({ ...p, reports: p.reports.filter((r) => r.lineage.includes(unit.code)) }));
    const under = (await this.withReceipts(owed)).flatMap((p) => p.reports);
    const rolled = rollUp(under, unit.code);
    return {
      orgUnit: { code: unit.code, nameVi: unit.nameVi },
      period: period.id,
      agency: query.agency ?? null,
      obligation: query.obligation ?? null,
      ...rolled.total,
      own: rolled.own,
      children: rolled.children.map((c) => ({ orgUnitCode: c.orgUnitCode, ...c.counts })),
      byAgency: countReportsBy(under, (r) => r.agency).map(({ key, counts }) => ({ agency: key, ...counts })),
      byPeriod: countReportsBy(under, (r) => `${r.period} ${r.dueDate}`).map(({ key, counts }) => {
        const [p, dueDate] = key.split(' ');
        return { period: p, dueDate, ...counts };
      }),
    };
  }

  /** The agency owing an obligation's period: the named one or its successor on the period's last day. */
  owingAgency(obligation: Obligation, period: Period): AgencyResolution {
    return resolveAgencyOn(
      this.catalogue.allAgencies(),
      this.catalogue.agencySuccessions(),
      obligation.agencyCode,
      period.end,
    );
  }

  /** The org unit versions reporting under an obligation for a period, in the hierarchy of its last day. */
  reportingUnits(obligation: Obligation, period: Period): OrgUnitVersion[] {
    const units = new Map<number, OrgUnitVersion>();
    for (const code of obligation.orgUnitCodes) {
      const named = this.catalogue.orgUnitOn(code, period.end);
      if (!named) continue;
      if (obligation.coverage !== 'CHILDREN') units.set(named.id, named);
      if (obligation.coverage !== 'UNIT')
        for (const child of this.catalogue.orgUnitChildrenOn(code, period.end)) units.set(child.id, child);
    }
    return [...units.values()];
  }

  private expected(obligation: Obligation, period: Period): ObligationPeriod {
    const owing = this.owingAgency(obligation, period);
    const schedule = this.scheduleOf(obligation, period);
    const units = this.reportingUnits(obligation, period);
    const reports = obligation.indicatorCodes.flatMap((indicatorCode) =>
      units.map((u): ExpectedReport => ({
        obligationCode: obligation.code,
        agency: owing.found ? owing.agency.code : obligation.agencyCode,
        indicatorCode,
        orgUnitId: u.id,
        orgUnitCode: u.code,
        period: period.id,
        dueDate: schedule.dueDate,
        lineage: this.catalogue.orgUnitLineage(u.id, period.end),
        receivedOn: null,
      })),
    );
    return { obligation, period, owing, schedule, reports };
  }

  /** Fills in the Vietnamese date of each expected report's first receipt, in one query. */
  private async withReceipts(periods: ObligationPeriod[]): Promise<ObligationPeriod[]> {
    const reports = periods.flatMap((p) => p.reports);
    if (reports.length === 0) return periods;
    const rows = await this.repository.receipts(reports);
    const receivedOn = new Map(rows.map((r) => [`${r.indicator}|${r.unitId}|${r.period}`, r.receivedOn]));
    for (const r of reports) r.receivedOn = receivedOn.get(`${r.indicatorCode}|${r.orgUnitId}|${r.period}`) ?? null;
    return periods;
  }

  private check(dto: CreateObligationDto): void {
    if (!this.catalogue.agencyCodes().includes(dto.agencyCode))
      throw new ObligationException(ObligationErrorCode.UNKNOWN_AGENCY, `unknown agency '${dto.agencyCode}'`);
    for (const code of dto.indicatorCodes) {
      const indicator = this.catalogue.indicator(code);
      if (!indicator)
        throw new ObligationException(ObligationErrorCode.UNKNOWN_INDICATOR, `unknown indicator '${code}'`);
      if (indicator.periodType !== dto.periodType)
        throw new ObligationException(
          ObligationErrorCode.INDICATOR_PERIOD_TYPE_MISMATCH,
          `indicator ${code} is reported ${indicator.periodType}, not ${dto.periodType}`,
          { indicator: code, periodType: indicator.periodType },
        );
    }
    for (const code of dto.orgUnitCodes)
      if (this.catalogue.orgUnitVersions(code).length === 0)
        throw new ObligationException(ObligationErrorCode.UNKNOWN_ORG_UNIT, `unknown org unit '${code}'`);
    if (dto.validFrom && dto.validTo && dto.validTo < dto.validFrom)
      throw new ObligationException(
        ObligationErrorCode.VALIDITY_REVERSED,
        `validTo ${dto.validTo} is before validFrom ${dto.validFrom}`,
      );
  }
}
