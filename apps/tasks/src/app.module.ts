import { Module } from '@nestjs/common';
import { AuditModule } from '@dxhub/audit';
import { ServiceTopics } from '@dxhub/contracts';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, MessagingModule, OutboxRelayModule, RejectionsModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { CalendarController } from './calendar/calendar.controller';
import { CalendarService } from './calendar/calendar.service';
import { TasksConfig } from './config/tasks.config';
import { TASKS_DATABASE } from './database/tasks-database';
import { IndicatorReadingsConsumer } from './intake/indicator-readings.consumer';
import { TaskProgressConsumer } from './intake/task-progress.consumer';
import { DeadlineScheduler } from './scheduler/deadline-scheduler';
import { ProgrammeSeedLoader } from './seeds/programme-seed.loader';
import { Clock } from '@dxhub/calendar';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';

/** Every setting the tasks service reads, validated together at boot. */
export const TASKS_CONFIG = [HttpConfig, DatabaseConfig, KafkaConfig, TasksConfig];

@Module({
  imports: [
    ConfigModule.forRoot(TASKS_CONFIG),
    ObservabilityModule.forService('tasks'),
    DatabaseModule.forService(TASKS_DATABASE),
    MessagingModule.forService('dxhub-tasks'),
    OutboxRelayModule.forTopics([ServiceTopics.TASKS_EVENTS, ServiceTopics.REJECTIONS_EVENTS]),
    RejectionsModule,
    AuditModule,
  ],
  controllers: [TasksController, CalendarController],
  providers: [
    Clock,
    CalendarService,
    TasksService,
    ProgrammeSeedLoader,
    TaskProgressConsumer,
    IndicatorReadingsConsumer,
    DeadlineScheduler,
  ],
})
export class TasksAppModule {}
