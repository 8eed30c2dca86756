import { Module } from '@nestjs/common';
import { AggregatesModule } from '../aggregates/aggregates.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ClockModule } from '@dxhub/calendar';
import { StandingsModule } from '../standings/standings.module';
import { ScorecardController } from './scorecard.controller';
import { ScorecardService } from './scorecard.service';

/**
 * Scorecards, league tables and projections computed from the read models (standings: the indicators service's
 * judgements, projected); reports freeze its scorecards.
 */
@Module({
  imports: [AggregatesModule, CatalogueModule, StandingsModule, ClockModule],
  controllers: [ScorecardController],
  providers: [ScorecardService],
  exports: [ScorecardService],
})
export class ScorecardModule {}
