import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { IndicatorReadingsConsumer } from './indicator-readings.consumer';
import { TaskProgressConsumer } from './task-progress.consumer';

/** Kafka intake: the agencies' progress reports and the indicators service's aggregates. */
@Module({
  imports: [TasksModule],
  providers: [TaskProgressConsumer, IndicatorReadingsConsumer],
})
export class IntakeModule {}
