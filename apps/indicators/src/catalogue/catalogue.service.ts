import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Aggregation } from '@dxhub/contracts';
import { DataSource } from 'typeorm';
import { IndicatorsConfig } from '../config/indicators.config';
import { loadSeeds } from '../seeds/seed-loader';
import type { IndicatorDefinition } from './indicator-definition';

export interface CatalogueIndicator {
  code: string;
  aggregation: Aggregation;
  /** Rule over org units (never LAST). */
  orgUnitAggregation: Aggregation;
  /** Rule over time, from the reported period type up to the year. */
  timeAggregation: Aggregation;
  periodType: string;
  factor: number | null;
  boundsMin: number | null;
  boundsMax: number | null;
  definition: IndicatorDefinition;
}

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
  successors: string[];
}

/**
 * The catalogue as intake reads it on every event: indicators, org-unit versions and agencies, held in
 * memory (a few hundred rows) and reloaded whenever this service changes them.
 */
@Injectable()
export class CatalogueService implements OnModuleInit {
  private readonly logger = new Logger(CatalogueService.name);
  private indicators = new Map<string, CatalogueIndicator>();
  private orgUnitsByCode = new Map<string, OrgUnitVersion[]>();
  private agencies: AgencyVersion[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: IndicatorsConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const summary = await loadSeeds(this.dataSource, this.config.SEEDS_DIR);
    this.logger.log({ msg: 'seeds loaded', seedsDir: this.config.SEEDS_DIR, ...summary });
    await this.reload();
  }

  async reload(): Promise<void> {
    const indicators: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT code, aggregation, org_unit_aggregation, period_type, factor::float8 AS factor,
              bounds_min::float8 AS bounds_min, bounds_max::float8 AS bounds_max, definition
       FROM indicators ORDER BY code`,
    );
    this.indicators = new Map(
      indicators.map((r) => [
        r.code as string,
        {
          code: r.code as string,
          aggregation: r.aggregation as Aggregation,
          orgUnitAggregation: r.org_unit_aggregation as Aggregation,
          timeAggregation: ((r.definition as IndicatorDefinition).timeAggregation ?? r.aggregation) as Aggregation,
          periodType: r.period_type as string,
          factor: r.factor as number | null,
          boundsMin: r.bounds_min as number | null,
          boundsMax: r.bounds_max as number | null,
          definition: r.definition as IndicatorDefinition,
        },
      ]),
    );
    const units: OrgUnitVersion[] = await this.dataSource.query(
      `SELECT id, code, name_vi AS "nameVi", type, level,
              lower(validity)::text AS "validFrom", (upper(validity) - 1)::text AS "validTo"
       FROM org_units ORDER BY code, lower(validity) NULLS FIRST`,
    );
    this.orgUnitsByCode = new Map();
    for (const unit of units) this.orgUnitsByCode.set(unit.code, [...(this.orgUnitsByCode.get(unit.code) ?? []), unit]);
    this.agencies = await this.dataSource.query(
      `SELECT a.code, a.name_vi AS "nameVi", a.name_en AS "nameEn", a.kind, a.org_unit_code AS "orgUnitCode",
              lower(a.validity)::text AS "validFrom", (upper(a.validity) - 1)::text AS "validTo",
              coalesce(array_agg(s.successor_code ORDER BY s.successor_code) FILTER (WHERE s.successor_code IS NOT NULL), '{}') AS successors
       FROM agencies a LEFT JOIN agency_successions s ON s.predecessor_code = a.code
       GROUP BY a.id ORDER BY a.code, lower(a.validity) NULLS FIRST`,
    );
  }

  indicator(code: string): CatalogueIndicator | undefined {
    return this.indicators.get(code);
  }

  /** The indicator as defined on a date (the rules a figure for a period ending then is built with). */
  indicatorOn(code: string, date: string): CatalogueIndicator | undefined {
    void date; // one version per indicator until formula versions land
    return this.indicators.get(code);
  }

  allIndicators(): CatalogueIndicator[] {
    return [...this.indicators.values()];
  }

  /** The version of an org unit code in force on a date, if any. */
  orgUnitOn(code: string, date: string): OrgUnitVersion | undefined {
    return this.orgUnitsByCode.get(code)?.find((u) => (u.validFrom === null || u.validFrom <= date) && (u.validTo === null || date <= u.validTo));
  }

  orgUnitVersions(code: string): OrgUnitVersion[] {
    return this.orgUnitsByCode.get(code) ?? [];
  }

  allAgencies(): AgencyVersion[] {
    return [...this.agencies];
  }

  /** Distinct agency codes: each has its own topics, whatever its validity. */
  agencyCodes(): string[] {
    return [...new Set(this.agencies.map((a) => a.code))].sort();
  }
}
