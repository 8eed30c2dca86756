import { Module } from '@nestjs/common';
import { AggregatesModule } from '../aggregates/aggregates.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ScoresModule } from '../scores/scores.module';
import { ClockModule } from '@dxhub/calendar';
import { StandingsModule } from '../standings/standings.module';
import { ScorecardController } from './scorecard.controller';
import { ScorecardService } from './scorecard.service';

/**
 * Scorecards, league tables and projections from the read models (standings and DTI scores as the indicators
 * service published them); reports freeze its scorecards.
 */
@Module({
  imports: [AggregatesModule, CatalogueModule, StandingsModule, ScoresModule, ClockModule],
  controllers: [ScorecardController],
  providers: [ScorecardService],
  exports: [ScorecardService],
})
export class ScorecardModule {}
