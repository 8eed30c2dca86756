import { Module } from '@nestjs/common';
import { AggregatesController } from './aggregates.controller';
import { AggregatesRepository } from './aggregates.repository';

/** The aggregate read models (all values, and approved values) and GET /v1/aggregates. */
@Module({
  controllers: [AggregatesController],
  providers: [AggregatesRepository],
  exports: [AggregatesRepository],
})
export class AggregatesModule {}
