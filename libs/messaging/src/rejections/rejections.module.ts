import { Module } from '@nestjs/common';
import { RejectionsReader } from './rejection-query';
import { RejectionsController } from './rejections.controller';

/**
 * GET /v1/rejections, for a service whose migrations created rejected_events (createRejectedEventsTableV1)
 * and that takes agency events. Needs the service's DataSource (DatabaseModule).
 */
@Module({ controllers: [RejectionsController], providers: [RejectionsReader] })
export class RejectionsModule {}
