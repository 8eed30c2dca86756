import { Injectable } from '@nestjs/common';
import { Clock } from '@dxhub/calendar';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { type Period, requirePeriod } from '@dxhub/periods';
import { type AggregateRow, AggregatesRepository } from '../aggregates/aggregates.repository';
import type { OrgUnitAt } from '../catalogue/catalogue.repository';
import { CatalogueService } from '../catalogue/catalogue.service';
import type { IndicatorDefinition } from '../catalogue/indicator-definition';
import { DtiScoresRepository, type ProjectedScores } from '../scores/dti-scores.repository';
import { buildScorecard, OVERALL_PART, publishedPart, rank, type Scorecard, TREND_PERIODS } from './scorecard.builder';
import { type ProjectedStanding, StandingsRepository } from '../standings/standings.repository';
import { lowerIsBetter, periodEnd, previousPeriods, project, type Projection } from './scoring';

export type LeagueBy = 'indicator' | 'index' | 'pillar' | 'overall';

export interface LeagueRow {
  orgUnitCode: string;
  orgUnitName: string;
  level: number;
  value: number | null;
  rank: number | null;
}

export interface LeagueTable {
  period: string;
  by: LeagueBy;
  code: string | null;
  parent: string | null;
  rows: LeagueRow[];
}

export interface IndicatorProjection {
  code: string;
  nameVi: string;
  nameEn: string;
  observations: { period: string; value: number }[];
  targets: Projection[];
}

/**
 * Scorecards, league tables and projections from the read models on request. DTI scores are the indicators
 * service's, projected (dti_scores); this service lays them out, it does not compute them.
 */
@Injectable()
export class ScorecardService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly aggregates: AggregatesRepository,
    private readonly scores: DtiScoresRepository,
    private readonly standings: StandingsRepository,
    private readonly clock: Clock,
  ) {}

  async scorecard(orgUnitCode: string, periodId: string): Promise<Scorecard> {
    const period = requirePeriod(periodId);
    const [definitions, units] = await Promise.all([
      this.catalogue.definitionsAt(period.end),
      this.catalogue.orgUnitsAt(period.end),
    ]);
    const periods = [...previousPeriods(period, TREND_PERIODS), period].map((p) => p.id);
    const [rows, scores, standings] = await Promise.all([
      this.aggregates.list({ periods, orgUnits: [orgUnitCode] }),
      this.scores.find(orgUnitCode, period.id),
      this.standings.list({ periods: [period.id], orgUnits: [orgUnitCode] }),
    ]);
    const unit = units.find((u) => u.code === orgUnitCode);
    const name = unit?.nameVi ?? rows.find((r) => r.period === period.id)?.orgUnitName ?? rows[0]?.orgUnitName;
    if (!name)
      throw new DomainException(
        DomainErrorKind.NOT_FOUND,
        'ORG_UNIT_NOT_FOUND',
        `no org unit ${orgUnitCode} on ${period.end} and no figures for it`,
      );
    return this.card({ code: orgUnitCode, nameVi: name }, period, definitions, rows, standings, scores);
  }

  async leagueTable(query: {
    period: string;
    by: LeagueBy;
    code?: string;
    parent?: string;
    level?: number;
  }): Promise<LeagueTable> {
    const period = requirePeriod(query.period);
    if (query.by !== 'overall' && !query.code)
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        'CODE_REQUIRED',
        `a league table by ${query.by} needs code`,
      );
    const [definitions, all] = await Promise.all([
      this.catalogue.definitionsAt(period.end),
      this.catalogue.orgUnitsAt(period.end),
    ]);
    const units = this.unitsFor(all, query.parent, query.level);
    const values =
      query.by === 'indicator'
        ? await this.indicatorValues(units, period.id, query.code ?? '')
        : await this.scoreValues(
            units,
            period.id,
            query.by,
            query.by === 'overall' ? OVERALL_PART : (query.code ?? ''),
          );
    const ranked = units.map((u) => ({
      orgUnitCode: u.code,
      orgUnitName: u.nameVi,
      level: u.level,
      value: values.get(u.code) ?? null,
    }));
    const def = query.by === 'indicator' && query.code ? definitions.get(query.code) : undefined;
    return {
      period: period.id,
      by: query.by,
      code: query.code ?? null,
      parent: query.parent ?? null,
      rows: rank(ranked, def ? lowerIsBetter(def) : false),
    };
  }

  periods(): Promise<string[]> {
    return this.aggregates.periods();
  }

  /** Projections of the unit's series as of `asOf` (YYYY-MM-DD; default: today by the service's clock). */
  async projections(
    orgUnitCode: string,
    asOf = this.clock.now().toISOString().slice(0, 10),
  ): Promise<IndicatorProjection[]> {
    const definitions = await this.catalogue.definitionsAt(asOf);
    const series = await this.aggregates.series(orgUnitCode);
    return [...definitions.values()]
      .filter((d) => (d.targets ?? []).length > 0)
      .map((d) => {
        const type = d.periodType;
        const observations = series
          .filter(
            (r) =>
              r.indicatorCode === d.code && r.value !== null && (!type || requirePeriodSafe(r.period)?.type === type),
          )
          .map((r) => ({ period: r.period, value: r.value as number }))
          .sort((a, b) => (periodEnd(a.period) ?? 0) - (periodEnd(b.period) ?? 0));
        const points = observations.map((o) => ({ at: periodEnd(o.period) ?? 0, value: o.value }));
        return {
          code: d.code,
          nameVi: d.nameVi ?? d.code,
          nameEn: d.nameEn ?? d.code,
          observations,
          targets: project(d, points),
        };
      });
  }

  /** Each unit's value of the indicator for the period, in one read. */
  private async indicatorValues(units: OrgUnitAt[], period: string, indicator: string): Promise<Map<string, number>> {
    const rows = await this.aggregates.list({
      periods: [period],
      orgUnits: units.map((u) => u.code),
      indicators: [indicator],
    });
    return new Map(rows.flatMap((r) => (r.value === null ? [] : [[r.orgUnitCode, r.value] as const])));
  }

  /** Each unit's published score of the index, the pillar or the whole for the period, in one read. */
  private async scoreValues(
    units: OrgUnitAt[],
    period: string,
    kind: 'index' | 'pillar' | 'overall',
    code: string,
  ): Promise<Map<string, number>> {
    const published = await this.scores.ofUnits(
      units.map((u) => u.code),
      period,
    );
    const values = new Map<string, number>();
    for (const [unit, scores] of published) {
      const score = publishedPart(scores, kind, code).score;
      if (score !== null) values.set(unit, score);
    }
    return values;
  }

  private card(
    orgUnit: { code: string; nameVi: string },
    period: Period,
    definitions: Map<string, IndicatorDefinition>,
    rows: AggregateRow[],
    standings: ProjectedStanding[],
    scores: ProjectedScores | undefined,
  ): Scorecard {
    const byKey = new Map(
      rows.filter((r) => r.orgUnitCode === orgUnit.code).map((r) => [`${r.indicatorCode}|${r.period}`, r]),
    );
    const judged = new Map(
      standings.filter((s) => s.orgUnitCode === orgUnit.code).map((s) => [`${s.indicatorCode}|${s.period}`, s]),
    );
    return buildScorecard({
      orgUnit,
      period,
      definitions,
      values: (indicator, p) => byKey.get(`${indicator}|${p}`),
      standings: (indicator, p) => judged.get(`${indicator}|${p}`),
      extraCodes: [...new Set(rows.filter((r) => r.period === period.id).map((r) => r.indicatorCode))],
      scores,
    });
  }

  /** The units of a league table: the parent's children (default: the province's), or every unit of a level. */
  private unitsFor(all: OrgUnitAt[], parent?: string, level?: number): OrgUnitAt[] {
    if (level) return all.filter((u) => u.level === level);
    const parentCode = parent ?? all.find((u) => u.level === 1)?.code;
    return all.filter((u) => u.parentCode === parentCode);
  }
}

function requirePeriodSafe(id: string): Period | null {
  try {
    return requirePeriod(id);
  } catch {
    return null;
  }
}
