import { Inject, Injectable } from '@nestjs/common';
import type { ScoringFramework } from '@dxhub/scoring';
import { DataSource } from 'typeorm';
import { loadFrameworks, scoresOf } from './scores.repository';
import { standingsOf } from './standings.repository';

/**
 * The targets' statements the API and the start-up run outside any transaction, on the pool (the write path's
 * run in its transactions: standings.repository.ts, scores.repository.ts).
 */
@Injectable()
export class TargetsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Loads the weighting frameworks (a changed one replaces the stored one). */
  loadFrameworks(frameworks: readonly ScoringFramework[]): Promise<void> {
    return loadFrameworks(this.dataSource, frameworks);
  }

  /** The standings of an org unit's aggregates for a period, optionally of one indicator or one status. */
  standings(filter: Parameters<typeof standingsOf>[1]): ReturnType<typeof standingsOf> {
    return standingsOf(this.dataSource, filter);
  }

  /** The scores of an org unit for a year; undefined when none were computed. */
  scores(orgUnitId: number, period: string): ReturnType<typeof scoresOf> {
    return scoresOf(this.dataSource, orgUnitId, period);
  }
}
