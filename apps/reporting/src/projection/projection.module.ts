import { Module } from '@nestjs/common';
import { LiveUpdatesModule } from '../live-updates/live-updates.module';
import { ReadModelProjector } from './read-model.projector';

/**
 * The projector: dx.indicators.events and dx.tasks.events into the read models (through the aggregates, catalogue
 * and tasks repositories, in each batch's transaction), then the live streams told what changed.
 */
@Module({ imports: [LiveUpdatesModule], providers: [ReadModelProjector] })
export class ProjectionModule {}
