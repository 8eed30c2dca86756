import { Module } from '@nestjs/common';
import { StandingsRepository } from './standings.repository';

/** The standings read model: the indicators service's judgements of the aggregates, as projected. */
@Module({
  providers: [StandingsRepository],
  exports: [StandingsRepository],
})
export class StandingsModule {}
