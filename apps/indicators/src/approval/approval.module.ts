import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ClockModule } from '@dxhub/calendar';
import { ApprovingAgenciesService } from './approving-agencies.service';
import { CatalogueChangeReapprovalService } from './catalogue-change-reapproval.service';
import { PeriodLocksController } from './period-locks.controller';
import { PeriodLocksService } from './period-locks.service';
import { PeriodManualLocksRepository } from './period-manual-locks.repository';
import { PeriodReopeningsRepository } from './period-reopenings.repository';
import { ReturnedValuesController } from './returned-values.controller';
import { ValueApprovalController } from './value-approval.controller';
import { ValueApprovalRepository } from './value-approval.repository';
import { ValueApprovalService } from './value-approval.service';

/** Data approval and period locks; the intake asks it who approves a value and whether a period is locked. */
@Module({
  imports: [CatalogueModule, ClockModule],
  controllers: [ValueApprovalController, ReturnedValuesController, PeriodLocksController],
  providers: [
    ApprovingAgenciesService,
    PeriodLocksService,
    ValueApprovalService,
    CatalogueChangeReapprovalService,
    ValueApprovalRepository,
    PeriodReopeningsRepository,
    PeriodManualLocksRepository,
  ],
  exports: [ApprovingAgenciesService, PeriodLocksService],
})
export class ApprovalModule {}
