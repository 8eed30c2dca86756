import { Module } from '@nestjs/common';
import { ApprovalModule } from '../approval/approval.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ClockModule } from '@dxhub/calendar';
import { IndicatorIntakeService } from './indicator-intake.service';
import { IndicatorValuesUploadController } from './indicator-values-upload.controller';
import { IndicatorValuesController } from './indicator-values.controller';
import { IndicatorValuesConsumer } from './indicator-values.consumer';
import { ValueSubmissionService } from './value-submission.service';

/** Indicator values in, from the agencies' topics, REST and spreadsheets; agencies refresh its topics. */
@Module({
  imports: [CatalogueModule, ApprovalModule, ClockModule],
  controllers: [IndicatorValuesController, IndicatorValuesUploadController],
  providers: [IndicatorIntakeService, IndicatorValuesConsumer, ValueSubmissionService],
  exports: [IndicatorValuesConsumer],
})
export class IntakeModule {}
