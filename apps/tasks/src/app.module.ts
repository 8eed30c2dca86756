import { Module } from '@nestjs/common';
import { ServiceTopics } from '@dxhub/contracts';
import { ConfigModule, HttpConfig } from '@dxhub/config';
import { KafkaConfig, MessagingModule, OutboxRelayModule } from '@dxhub/messaging';
import { ObservabilityModule } from '@dxhub/observability';
import { DatabaseConfig, DatabaseModule } from '@dxhub/persistence';
import { CreateTasksSchema1764230400000 } from './database/migrations/1764230400000-CreateTasksSchema';
import { TASKS_SCHEMA } from './database/tasks-schema';

/** Every setting the tasks service reads, validated together at boot. */
export const TASKS_CONFIG = [HttpConfig, DatabaseConfig, KafkaConfig];

@Module({
  imports: [
    ConfigModule.forRoot(TASKS_CONFIG),
    ObservabilityModule.forService('tasks'),
    DatabaseModule.forService({
      schema: TASKS_SCHEMA,
      migrations: [CreateTasksSchema1764230400000],
      applicationName: 'dxhub-tasks',
    }),
    MessagingModule.forService('dxhub-tasks'),
    OutboxRelayModule.forTopics([ServiceTopics.TASKS_EVENTS]),
  ],
})
export class TasksAppModule {}
