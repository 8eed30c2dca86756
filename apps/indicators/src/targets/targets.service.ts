import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { type Period, requirePeriod } from '@dxhub/periods';
import type { ScoringFramework } from '@dxhub/scoring';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveOrgUnitInPeriod } from '../catalogue/aggregate-address';
import { CatalogueService, type OrgUnitVersion } from '../catalogue/catalogue.service';
import { IndicatorsConfig } from '../config/indicators.config';
import type { StoredPart } from './scores.repository';
import { type JudgedFigures, judgedFigures } from './standings-events';
import { TargetsRepository } from './targets.repository';

export const DTI_FRAMEWORK_FILE = 'dti-framework.json';

/** An aggregate's standing against its target path, as the API shows it: the figures the events carry too. */
export type AggregateStanding = { indicator: string } & JudgedFigures & StandingState;

interface StandingState {
  targetStatus: string;
  statusSince: string;
  aggregateVersion: number;
  evaluatedAt: string;
}

export interface AggregateStandings {
  orgUnit: { code: string; nameVi: string };
  period: string;
  aggregates: AggregateStanding[];
}

export interface OrgUnitScores {
  orgUnit: { code: string; nameVi: string };
  period: string;
  framework: string;
  decision: string;
  pointsInferred: boolean;
  score: number | null;
  points: number | null;
  coverage: number;
  parts: (Omit<StoredPart, 'score'> & { score: number | null })[];
  version: number;
  updatedAt: string;
}

/**
 * Targets and scores as the API reads them, and the weighting frameworks loaded at start from
 * seeds/dti-framework.json into dti_frameworks (the evaluation in the write path reads them there, so a
 * score always names the framework version it follows).
 */
@Injectable()
export class TargetsService implements OnModuleInit {
  private readonly logger = new Logger(TargetsService.name);

  constructor(
    private readonly repository: TargetsRepository,
    private readonly catalogue: CatalogueService,
    private readonly config: IndicatorsConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const frameworks = JSON.parse(
      readFileSync(join(this.config.SEEDS_DIR, DTI_FRAMEWORK_FILE), 'utf8'),
    ) as ScoringFramework[];
    await this.repository.loadFrameworks(frameworks);
    this.logger.log({ msg: 'scoring frameworks loaded', frameworks: frameworks.map((f) => f.framework) });
  }

  /** The standings of an org unit's aggregates for a period, optionally of one indicator or one status. */
  async standings(
    orgUnitCode: string,
    periodId: string,
    indicator?: string,
    targetStatus?: string,
  ): Promise<AggregateStandings> {
    const { orgUnit, period } = this.address(orgUnitCode, periodId);
    if (indicator !== undefined && !this.catalogue.indicatorOn(indicator, period.end)) {
      throw new DomainException(DomainErrorKind.NOT_FOUND, 'INDICATOR_NOT_FOUND', `unknown indicator '${indicator}'`);
    }
    const rows = await this.repository.standings({
      orgUnitId: orgUnit.id,
      period: period.id,
      indicator: indicator ?? null,
      status: targetStatus ?? null,
    });
    return {
      orgUnit: { code: orgUnit.code, nameVi: orgUnit.nameVi },
      period: period.id,
      aggregates: rows.map((r) => ({
        indicator: r.indicator_code,
        ...judgedFigures(r),
        targetStatus: String(r.status),
        statusSince: new Date(r.status_since).toISOString(),
        aggregateVersion: Number(r.aggregate_version),
        evaluatedAt: new Date(r.evaluated_at).toISOString(),
      })),
    };
  }

  /** The DTI-style scores of an org unit for a year. */
  async scores(orgUnitCode: string, periodId: string): Promise<OrgUnitScores> {
    const { orgUnit, period } = this.address(orgUnitCode, periodId);
    const row = await this.repository.scores(orgUnit.id, period.id);
    if (!row) {
      throw new DomainException(
        DomainErrorKind.NOT_FOUND,
        'SCORES_NOT_FOUND',
        `no scores for org unit '${orgUnit.code}' in ${period.id}: scores are per year, from yearly aggregates with a target`,
      );
    }
    return {
      orgUnit: { code: orgUnit.code, nameVi: orgUnit.nameVi },
      period: period.id,
      framework: row.framework,
      decision: row.decision,
      pointsInferred: row.points_inferred,
      score: row.score === null ? null : Number(row.score),
      points: row.points === null ? null : Number(row.points),
      coverage: Number(row.coverage),
      parts: row.parts.map((p) => ({ ...p, score: p.score === null ? null : Number(p.score) })),
      version: row.version,
      updatedAt: row.updated_at.toISOString(),
    };
  }

  private address(orgUnitCode: string, periodId: string): { orgUnit: OrgUnitVersion; period: Period } {
    const period = requirePeriod(periodId); // the query DTOs check the notation
    return { orgUnit: resolveOrgUnitInPeriod(this.catalogue, orgUnitCode, period), period };
  }
}
