import { Module } from '@nestjs/common';
import { AggregatesModule } from '../aggregates/aggregates.module';
import { OpenDataController } from './open-data.controller';

/** The approved figures as a public, cacheable feed (JSON and CSV) with provenance links. */
@Module({ imports: [AggregatesModule], controllers: [OpenDataController] })
export class OpenDataModule {}
