import { auditRequestIn } from '@dxhub/audit';
import { Clock } from '@dxhub/calendar';
import { OutboxRelayService } from '@dxhub/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { CatalogueChangeFollowUps } from './catalogue-change-follow-up';
import { CatalogueException, CatalogueErrorCode } from './catalogue.exception';
import { type CatalogueIndicator, CatalogueService } from './catalogue.service';
import type { AddIndicatorVersionDto } from './dto/add-indicator-version.dto';
import type { IndicatorDefinitionDto } from './dto/indicator-definition.dto';
import { definitionProblems, type IndicatorDefinition } from './indicator-definition';
import {
  deleteIndicator,
  forgetDeletion,
  IndicatorCatalogueRepository,
  indicatorExists,
  insertFirstVersion,
  insertVersion,
  latestVersion,
  lockIndicatorCode,
  lockIndicatorRow,
  rememberDeletion,
  reportCount,
  writeCurrentIndicators,
} from './indicator-catalogue.repository';
import { effectiveTo, type IndicatorVersion, versionOn } from './indicator-versions';
import { publishReferenceChanges } from './reference-events';

/** A definition as the API shows it: the org-unit rule resolved, and the first day of its version. */
export type IndicatorView = IndicatorDefinition & {
  /** First day of the version shown; null for the first version (in force from the beginning). */
  effectiveFrom: string | null;
};

/** One indicator with the agency responsible on the date asked for. */
export type IndicatorDetailView = IndicatorView & {
  /** The `at` asked for; null when the latest version is shown. */
  at: string | null;
  responsibleAgencyOn: { on: string; code: string; nameVi: string; nameEn: string; via: string[] } | null;
  /** Why no single agency is responsible on that date (only when responsibleAgencyOn is null). */
  responsibleAgencyOnReason?: string;
};

export interface IndicatorVersionView {
  code: string;
  effectiveFrom: string | null;
  /** Last day in force: the day before the next version; null for the latest. */
  effectiveTo: string | null;
  createdAt: string;
  createdBy: string | null;
  definition: IndicatorDefinition;
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';

/**
 * Changes to the indicator catalogue: create, add a formula version, delete. Each change is one
 * transaction (the version and the `indicators` row derived from the latest version), then the
 * in-memory catalogue is reloaded. Reads come from the catalogue in memory.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    /** Only to open transactions. */
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly relay: OutboxRelayService,
    private readonly followUps: CatalogueChangeFollowUps,
    private readonly clock: Clock,
    private readonly indicators: IndicatorCatalogueRepository,
  ) {}

  /** Every indicator, the latest versions or those in force on `at`, optionally of one pillar. */
  list(at?: string, pillar?: string): IndicatorView[] {
    return this.catalogue
      .allIndicators()
      .map((i) => this.viewOf(i.code, at))
      .filter((v): v is IndicatorView => v !== undefined && (pillar === undefined || v.pillar === pillar));
  }

  /** One indicator as defined on `at` (default the latest version), with the agency responsible then (default today). */
  get(code: string, at?: string): IndicatorDetailView {
    const view = this.viewOf(code, at);
    if (!view) throw notFound(code);
    const on = at ?? this.clock.now().toISOString().slice(0, 10);
    const resolution = this.catalogue.responsibleAgencyOn(code, on);
    if (resolution?.found) {
      const { code: agencyCode, nameVi, nameEn } = resolution.agency;
      return {
        ...view,
        at: at ?? null,
        responsibleAgencyOn: { on, code: agencyCode, nameVi, nameEn, via: resolution.via },
      };
    }
    return { ...view, at: at ?? null, responsibleAgencyOn: null, responsibleAgencyOnReason: resolution?.reason };
  }

  /** Every version of an indicator, oldest first. */
  versions(code: string): IndicatorVersionView[] {
    const versions = this.catalogue.indicatorVersions(code);
    if (versions.length === 0) throw notFound(code);
    return versions.map((v, i) => versionView(v, effectiveTo(versions, i)));
  }

  /** Adds an indicator; its definition is its first version, in force from the beginning. */
  async create(dto: IndicatorDefinitionDto): Promise<IndicatorDetailView> {
    const definition = this.checked(toDefinition(dto));
    const { code } = definition;
    if (this.catalogue.indicator(code)) throw exists(code);
    try {
      await this.dataSource.transaction(async (m) => {
        await lockIndicatorCode(m, code);
        if (await indicatorExists(m, code)) throw exists(code);
        await insertFirstVersion(m, code, definition);
        await writeCurrentIndicators(m, [code]);
        await forgetDeletion(m, code);
        await publishReferenceChanges(m, this.clock);
        await auditRequestIn(m, { indicatorCode: code });
      });
    } catch (error) {
      if (isPgError(error, PG_UNIQUE_VIOLATION)) throw exists(code);
      throw error;
    }
    await this.catalogue.reload();
    return this.get(code);
  }

  /**
   * Adds a formula version from `effectiveFrom`, which must be after the latest version's. The period
   * type, and whether reports carry a value or a numerator and denominator, are part of the indicator's
   * identity and cannot change. Sending the latest version again is a no-op (a retried request).
   */
  async addVersion(code: string, dto: AddIndicatorVersionDto): Promise<IndicatorVersionView> {
    if (!this.catalogue.indicator(code)) throw notFound(code);
    const definition = toDefinition(dto.definition);
    if (definition.code !== code) {
      throw new CatalogueException(
        CatalogueErrorCode.INDICATOR_CODE_MISMATCH,
        `definition.code '${definition.code}' does not match the indicator '${code}' in the path`,
      );
    }
    this.checked(definition);
    await this.dataSource.transaction(async (m) => {
      await lockIndicatorCode(m, code);
      const latest = await latestVersion(m, code, definition);
      if (!latest) throw notFound(code);
      if (latest.effective_from === dto.effectiveFrom && latest.same) return auditRequestIn(m, { unchanged: true });
      if (latest.effective_from !== '-infinity' && latest.effective_from >= dto.effectiveFrom) {
        throw new CatalogueException(
          CatalogueErrorCode.VERSION_NOT_AFTER_LATEST,
          `effectiveFrom ${dto.effectiveFrom} must be after the latest version of ${code}, in force from ${latest.effective_from}`,
          { latestEffectiveFrom: latest.effective_from },
        );
      }
      assertSameIdentity(code, latest.definition, definition);
      await insertVersion(m, code, dto.effectiveFrom, definition);
      await writeCurrentIndicators(m, [code]);
      await publishReferenceChanges(m, this.clock);
      await auditRequestIn(m, { indicatorCode: code, effectiveFrom: dto.effectiveFrom });
    });
    await this.catalogue.reload();
    // Figures of periods ending on or after effectiveFrom are now built by the new rules.
    // Their approved values go back to pending, saying why, and the approved-only figures follow, in the same transaction.
    await this.dataSource.transaction((m) => this.followUps.followUp.formulaVersionAdded(m, code, dto.effectiveFrom));
    this.relay.nudge();
    const versions = this.catalogue.indicatorVersions(code);
    const index = versions.findIndex((v) => v.effectiveFrom === dto.effectiveFrom);
    return versionView(versions[index], effectiveTo(versions, index));
  }

  /**
   * Deletes an indicator and its versions, only while no report references it (reports are the
   * append-only history). The code is remembered, so the seeds do not bring it back at the next start.
   */
  async remove(code: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (m) => {
        await lockIndicatorCode(m, code);
        // The row lock waits for intake transactions inserting reports of this indicator, so the count below sees them.
        if (!(await lockIndicatorRow(m, code))) throw notFound(code);
        assertNoReports(code, await reportCount(m, code));
        await deleteIndicator(m, code);
        await rememberDeletion(m, code);
        await publishReferenceChanges(m, this.clock);
        await auditRequestIn(m, { indicatorCode: code });
      });
    } catch (error) {
      // The foreign key refused the delete: when reports are why, say so as the check in the transaction does.
      if (isPgError(error, PG_FOREIGN_KEY_VIOLATION)) assertNoReports(code, await this.indicators.reportCount(code));
      throw error;
    }
    await this.catalogue.reload();
  }

  private viewOf(code: string, at?: string): IndicatorView | undefined {
    const versions = this.catalogue.indicatorVersions(code);
    const version = at === undefined ? versions.at(-1) : versionOn(versions, at);
    if (version) return present(version.indicator, version.effectiveFrom);
    const current = this.catalogue.indicator(code);
    return current && present(current, null);
  }

  /** The definition, or a 400 with the sentence of every rule it breaks. */
  private checked(definition: IndicatorDefinition): IndicatorDefinition {
    const problems = definitionProblems(definition);
    if (problems.length > 0) {
      throw new CatalogueException(CatalogueErrorCode.INDICATOR_DEFINITION_REFUSED, problems.join('; '), { problems });
    }
    const agency = definition.responsibleAgency;
    if (agency !== null && !this.catalogue.agencyCodes().includes(agency)) {
      throw new CatalogueException(
        CatalogueErrorCode.UNKNOWN_RESPONSIBLE_AGENCY,
        `responsibleAgency '${agency}' is not a known agency code (GET /v1/agencies lists them)`,
      );
    }
    const approver = definition.approvingAgency;
    if (approver && !this.catalogue.agencyCodes().includes(approver)) {
      throw new CatalogueException(
        CatalogueErrorCode.UNKNOWN_RESPONSIBLE_AGENCY,
        `approvingAgency '${approver}' is not a known agency code (GET /v1/agencies lists them)`,
      );
    }
    return definition;
  }
}

function present(indicator: CatalogueIndicator, effectiveFrom: string | null): IndicatorView {
  return { ...indicator.definition, orgUnitAggregation: indicator.orgUnitAggregation, effectiveFrom };
}

function versionView(version: IndicatorVersion, to: string | null): IndicatorVersionView {
  const { code, effectiveFrom, createdAt, createdBy, definition } = version;
  return { code, effectiveFrom, effectiveTo: to, createdAt, createdBy, definition };
}

/**
 * The stored shape of a definition: every field present (absent optional ones as null or []), a rule
 * equal to `aggregation` written as null (as in the seeds), and every string in Unicode NFC, so the
 * same Vietnamese name is always the same bytes.
 */
export function toDefinition(dto: IndicatorDefinitionDto): IndicatorDefinition {
  const d = JSON.parse(JSON.stringify(dto)) as IndicatorDefinitionDto;
  const definition: IndicatorDefinition = {
    code: d.code,
    nameVi: d.nameVi,
    nameEn: d.nameEn,
    unit: d.unit,
    pillar: d.pillar ?? null,
    subIndex: d.subIndex ?? null,
    sector: d.sector ?? null,
    aggregation: d.aggregation,
    orgUnitAggregation: d.orgUnitAggregation && d.orgUnitAggregation !== d.aggregation ? d.orgUnitAggregation : null,
    timeAggregation: d.timeAggregation && d.timeAggregation !== d.aggregation ? d.timeAggregation : null,
    ratio: d.ratio ?? null,
    periodType: d.periodType,
    direction: d.direction,
    baseline: d.baseline ?? null,
    targets: d.targets ?? [],
    nationalAverage: d.nationalAverage ?? [],
    responsibleAgency: d.responsibleAgency,
    // Only when given, so definitions without one keep their stored bytes.
    ...(d.approvingAgency ? { approvingAgency: d.approvingAgency } : {}),
    bounds: d.bounds ? { min: d.bounds.min ?? null, max: d.bounds.max ?? null } : null,
    source: d.source ?? null,
    notes: d.notes ?? null,
  };
  return nfc(definition);
}

function nfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map((v: unknown) => nfc(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfc(v)])) as T;
  }
  return value;
}

/** What every version of an indicator shares: the periods it is reported in and the shape of its reports. */
function assertSameIdentity(code: string, previous: IndicatorDefinition, next: IndicatorDefinition): void {
  if (previous.periodType !== next.periodType) {
    throw new CatalogueException(
      CatalogueErrorCode.PERIOD_TYPE_CHANGE,
      `periodType cannot change from ${previous.periodType} to ${next.periodType}: the stored values, aggregates and time roll-ups of ` +
        `${code} are keyed by ${previous.periodType} periods, and every version must read the same periods; ` +
        `define a new indicator for ${next.periodType} reporting`,
    );
  }
  const ratio = (d: IndicatorDefinition) => d.aggregation === 'RATIO';
  if (ratio(previous) !== ratio(next)) {
    throw new CatalogueException(
      CatalogueErrorCode.REPORT_SHAPE_CHANGE,
      `aggregation cannot change from ${previous.aggregation} to ${next.aggregation}: reports of a RATIO carry a numerator and a ` +
        `denominator and the others a value, so the reports stored under one version could not be read under the other; ` +
        `define a new indicator instead`,
    );
  }
}

function assertNoReports(code: string, reports: number): void {
  if (reports > 0) {
    throw new CatalogueException(
      CatalogueErrorCode.INDICATOR_HAS_REPORTS,
      `indicator ${code} cannot be deleted: ${reports} report${reports === 1 ? '' : 's'} reference${reports === 1 ? 's' : ''} it`,
      { reports },
    );
  }
}

function isPgError(error: unknown, code: string): boolean {
  return error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === code;
}

function notFound(code: string): CatalogueException {
  return new CatalogueException(CatalogueErrorCode.INDICATOR_NOT_FOUND, `unknown indicator '${code}'`);
}

function exists(code: string): CatalogueException {
  return new CatalogueException(CatalogueErrorCode.INDICATOR_EXISTS, `indicator '${code}' already exists`);
}
