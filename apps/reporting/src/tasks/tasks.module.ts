import { Module } from '@nestjs/common';
import { TasksRepository } from './tasks.repository';

/** The tasks read model (dx.tasks.events): what agency performance counts of each agency's tasks. */
@Module({ providers: [TasksRepository], exports: [TasksRepository] })
export class TasksModule {}
