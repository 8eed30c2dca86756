import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ClockModule } from '@dxhub/calendar';
import { AggregateViewsController } from './aggregate-views.controller';
import { AggregateViewsRepository } from './aggregate-views.repository';
import { AggregateViewsService } from './aggregate-views.service';

/** Aggregates read through a view (current, approved only, as first published, as of a date, by hierarchy). */
@Module({
  imports: [CatalogueModule, ClockModule],
  controllers: [AggregateViewsController],
  providers: [AggregateViewsService, AggregateViewsRepository],
})
export class ViewsModule {}
