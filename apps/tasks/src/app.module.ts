import { Module } from '@nestjs/common';
import { AuditModule } from '@dxhub/audit';
import { ServiceTopics } from '@dxhub/contracts';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, MessagingModule, OutboxRelayModule, RejectionsModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { CalendarModule } from './calendar/calendar.module';
import { TasksConfig } from './config/tasks.config';
import { TASKS_DATABASE } from './database/tasks-database';
import { IntakeModule } from './intake/intake.module';
import { SchedulerModule } from './scheduler/scheduler.module';
import { SeedsModule } from './seeds/seeds.module';
import { TasksModule } from './tasks/tasks.module';

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
    CalendarModule,
    TasksModule,
    SeedsModule,
    IntakeModule,
    SchedulerModule,
  ],
})
export class TasksAppModule {}
