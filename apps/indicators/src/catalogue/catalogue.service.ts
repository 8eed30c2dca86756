import { Clock } from '@dxhub/calendar';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IndicatorsConfig } from '../config/indicators.config';
import { agencySuccessions, agencyVersions } from './agency-catalogue.repository';
import { type AgencyResolution, type AgencySuccession, inForce, resolveAgencyOn } from './agency-succession';
import { currentIndicators, indicatorVersions } from './indicator-catalogue.repository';
import {
  type BuiltIndicatorVersion,
  type CatalogueIndicator,
  toCatalogueIndicator,
  versionOn,
} from './indicator-versions';
import { lineageLinks, orgUnitVersions } from './org-units.repository';
import { loadSeeds, readSeeds } from './seeds/seed-loader';

export type { CatalogueIndicator } from './indicator-versions';

export interface OrgUnitVersion {
  id: number;
  code: string;
  nameVi: string;
  type: string;
  level: number;
  /** Inclusive ISO dates; null is unbounded. */
  validFrom: string | null;
  validTo: string | null;
}

export interface AgencyVersion {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: string;
  orgUnitCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** Codes of the agencies that take over from this one (dates in `agencySuccessions()`). */
  successors: string[];
}

/** Who holds an indicator's responsibility on a date, or why no single agency does. */
export type ResponsibleAgencyOn = AgencyResolution & { declared: string | null };

/** Everything one reload reads, swapped in at once so readers never see half of it. */
interface Snapshot {
  indicators: Map<string, CatalogueIndicator>;
  versions: Map<string, BuiltIndicatorVersion[]>;
  orgUnitsByCode: Map<string, OrgUnitVersion[]>;
  agencies: AgencyVersion[];
  successions: AgencySuccession[];
  /** Ancestor codes (self included) of each org unit version, with the dates each link holds. */
  lineage: Map<number, { code: string; validFrom: string | null; validTo: string | null }[]>;
  /** Org units assigned to each agency: the units of its versions. */
  agencyOrgUnits: Map<string, string[]>;
}

/**
 * The catalogue as intake reads it on every event: indicators with their formula versions, org-unit
 * versions and agencies with their successions, held in memory (a few hundred rows) and reloaded
 * whenever this service changes them (and by the intake's periodic topic refresh, which picks up other
 * replicas' changes).
 */
@Injectable()
export class CatalogueService implements OnModuleInit {
  private readonly logger = new Logger(CatalogueService.name);
  private snapshot: Snapshot = {
    indicators: new Map(),
    versions: new Map(),
    orgUnitsByCode: new Map(),
    agencies: [],
    successions: [],
    lineage: new Map(),
    agencyOrgUnits: new Map(),
  };
  /** responsibleAgenciesFor answers, per snapshot (the intake asks for every event). */
  private responsibleCache = new Map<string, { codes: string[]; reason?: string }>();
  /** orgUnitChildrenOn answers, per snapshot (obligation counts ask for the same units and days every round). */
  private childrenCache = new Map<string, OrgUnitVersion[]>();
  /** Reloads overlap (an API change and the periodic refresh): a slower, older one must not win. */
  private reloadsStarted = 0;
  private reloadApplied = 0;

  constructor(
    /** Only to open the seed load's and the reload's transactions. */
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: IndicatorsConfig,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    // The files are read and checked before the transaction opens: a bad seed fails the start without one.
    const seeds = readSeeds(this.config.SEEDS_DIR);
    const summary = await this.dataSource.transaction((m) => loadSeeds(m, seeds, this.clock));
    this.logger.log({ msg: 'seeds loaded', seedsDir: this.config.SEEDS_DIR, ...summary });
    await this.reload();
  }

  async reload(): Promise<void> {
    const generation = ++this.reloadsStarted;
    // One snapshot of every table, so an indicator and its versions always come from the same commit.
    const [current, versionRows, units, agencies, successions, closure] = await this.dataSource.transaction(
      'REPEATABLE READ',
      async (m) =>
        [
          await currentIndicators(m),
          await indicatorVersions(m),
          await orgUnitVersions(m),
          await agencyVersions(m),
          await agencySuccessions(m),
          await lineageLinks(m),
        ] as const,
    );

    const versions = new Map<string, BuiltIndicatorVersion[]>();
    for (const row of versionRows) {
      const version: BuiltIndicatorVersion = {
        ...row,
        createdAt: row.createdAt.toISOString(),
        indicator: toCatalogueIndicator(row.definition),
      };
      versions.set(row.code, [...(versions.get(row.code) ?? []), version]);
    }
    const orgUnitsByCode = new Map<string, OrgUnitVersion[]>();
    for (const unit of units) orgUnitsByCode.set(unit.code, [...(orgUnitsByCode.get(unit.code) ?? []), unit]);

    const lineage = new Map<number, { code: string; validFrom: string | null; validTo: string | null }[]>();
    for (const { unitId, ...link } of closure) lineage.set(unitId, [...(lineage.get(unitId) ?? []), link]);
    const agencyOrgUnits = new Map<string, string[]>();
    for (const a of agencies) {
      const units = agencyOrgUnits.get(a.code) ?? [];
      if (a.orgUnitCode && !units.includes(a.orgUnitCode)) units.push(a.orgUnitCode);
      agencyOrgUnits.set(a.code, units);
    }

    if (generation < this.reloadApplied) return;
    this.reloadApplied = generation;
    this.snapshot = {
      indicators: new Map(current.map((r) => [r.code, toCatalogueIndicator(r.definition)])),
      versions,
      orgUnitsByCode,
      agencies,
      successions,
      lineage,
      agencyOrgUnits,
    };
    this.responsibleCache = new Map();
    this.childrenCache = new Map();
  }

  /** The codes of an org unit version and its ancestors in the hierarchy in force on a date. */
  orgUnitLineage(unitId: number, date: string): string[] {
    return (this.snapshot.lineage.get(unitId) ?? [])
      .filter((l) => (l.validFrom === null || l.validFrom <= date) && (l.validTo === null || date <= l.validTo))
      .map((l) => l.code);
  }

  /** The org units assigned to an agency (it reports for them and the units under them). */
  agencyOrgUnits(agencyCode: string): string[] {
    return this.snapshot.agencyOrgUnits.get(agencyCode) ?? [];
  }

  /**
   * The agencies answering for an indicator's figures of a period: the one responsible on the period's
   * last day and the one responsible on `today` (a successor answers for its predecessor's past periods
   * too, e.g. corrections after a merger). Empty, with the reason, when neither date has a single agency.
   */
  responsibleAgenciesFor(
    indicatorCode: string,
    periodEnd: string,
    today: string,
  ): { codes: string[]; reason?: string } {
    const key = `${indicatorCode}\u0000${periodEnd}\u0000${today}`;
    let answer = this.responsibleCache.get(key);
    if (!answer) {
      const codes = new Set<string>();
      let reason: string | undefined;
      for (const date of [periodEnd, today]) {
        const r = this.responsibleAgencyOn(indicatorCode, date);
        if (r?.found) codes.add(r.agency.code);
        else reason ??= r?.reason;
      }
      answer = { codes: [...codes], reason: codes.size === 0 ? reason : undefined };
      this.responsibleCache.set(key, answer);
    }
    return answer;
  }

  /** The current definition: the latest version. */
  indicator(code: string): CatalogueIndicator | undefined {
    return this.snapshot.indicators.get(code);
  }

  /**
   * The indicator as defined on a date (the rules a figure for a period ending then is built with): the
   * version with the latest effective date on or before it, or the first version for earlier dates.
   */
  indicatorOn(code: string, date: string): CatalogueIndicator | undefined {
    const versions = this.snapshot.versions.get(code);
    if (!versions) return this.snapshot.indicators.get(code);
    return versionOn(versions, date)?.indicator;
  }

  /** Every formula version of an indicator, oldest first; empty for an unknown code. */
  indicatorVersions(code: string): BuiltIndicatorVersion[] {
    return [...(this.snapshot.versions.get(code) ?? [])];
  }

  allIndicators(): CatalogueIndicator[] {
    return [...this.snapshot.indicators.values()];
  }

  /** The version of an org unit code in force on a date, if any. */
  orgUnitOn(code: string, date: string): OrgUnitVersion | undefined {
    return this.snapshot.orgUnitsByCode
      .get(code)
      ?.find((u) => (u.validFrom === null || u.validFrom <= date) && (u.validTo === null || date <= u.validTo));
  }

  /** The org unit versions directly under the unit `code` in the hierarchy in force on a date, by code. */
  orgUnitChildrenOn(code: string, date: string): OrgUnitVersion[] {
    const key = `${code}|${date}`;
    let children = this.childrenCache.get(key);
    if (!children) {
      children = [...this.snapshot.orgUnitsByCode.values()]
        .flat()
        .filter((u) => (u.validFrom === null || u.validFrom <= date) && (u.validTo === null || date <= u.validTo))
        .filter((u) => this.orgUnitLineage(u.id, date)[1] === code)
        .sort((a, b) => a.code.localeCompare(b.code));
      this.childrenCache.set(key, children);
    }
    return [...children];
  }

  orgUnitVersions(code: string): OrgUnitVersion[] {
    return this.snapshot.orgUnitsByCode.get(code) ?? [];
  }

  allAgencies(): AgencyVersion[] {
    return [...this.snapshot.agencies];
  }

  /** The agency versions in force on a date. */
  agenciesOn(date: string): AgencyVersion[] {
    return this.snapshot.agencies.filter((a) => inForce(a, date));
  }

  /** Every succession link, by predecessor then date. */
  agencySuccessions(): AgencySuccession[] {
    return [...this.snapshot.successions];
  }

  /** Distinct agency codes: each has its own topics, whatever its validity. */
  agencyCodes(): string[] {
    return [...new Set(this.snapshot.agencies.map((a) => a.code))].sort();
  }

  /**
   * The agency that holds `code`'s responsibilities on `date` — itself while in force, else its successor
   * (see resolveAgencyOn) — or `code` when none does (an agency that ended without one, or a split).
   */
  agencyHoldingOn(code: string, date: string): string {
    const resolution = resolveAgencyOn(this.snapshot.agencies, this.snapshot.successions, code, date);
    return resolution.found ? resolution.agency.code : code;
  }

  /**
   * The agency responsible for an indicator on a date: the responsible agency of the version in force
   * then, followed along its successor links to the agency in force on the date (see resolveAgencyOn for
   * merges, splits and agencies that ended without a successor). Undefined for an unknown indicator.
   */
  responsibleAgencyOn(indicatorCode: string, date: string): ResponsibleAgencyOn | undefined {
    const indicator = this.indicatorOn(indicatorCode, date);
    if (!indicator) return undefined;
    const declared = indicator.definition.responsibleAgency;
    if (!declared)
      return {
        found: false,
        reason: `indicator ${indicatorCode} names no responsible agency`,
        via: [],
        candidates: [],
        declared,
      };
    return { ...resolveAgencyOn(this.snapshot.agencies, this.snapshot.successions, declared, date), declared };
  }
}
