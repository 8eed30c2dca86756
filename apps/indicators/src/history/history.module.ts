import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { IndicatorHistoryController } from './indicator-history.controller';
import { IndicatorHistoryRepository } from './indicator-history.repository';
import { IndicatorHistoryService } from './indicator-history.service';

/** The reports behind a cell, newest first. */
@Module({
  imports: [CatalogueModule],
  controllers: [IndicatorHistoryController],
  providers: [IndicatorHistoryService, IndicatorHistoryRepository],
})
export class HistoryModule {}
