import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { ProgrammeQueryService } from './programme-query.service';
import { ProgrammeService } from './programme.service';
import { TaskContributionsRepository } from './task-contributions.repository';
import { TaskDeadlineService } from './task-deadline.service';
import { TaskDependenciesRepository } from './task-dependencies.repository';
import { TaskDependenciesService } from './task-dependencies.service';
import { TaskHistoryRepository } from './task-history.repository';
import { TaskProgressRepository } from './task-progress.repository';
import { TaskProgressService } from './task-progress.service';
import { TaskTransactionService } from './task-transaction.service';
import { TaskWorkflowService } from './task-workflow.service';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';

/**
 * The programme and its tasks: the tree, the workflow, contributions, deadlines, dependencies and progress.
 * Exports what the intake (progress), the scheduler (snapshot, history) and the seed loader (the tree) use.
 */
@Module({
  imports: [CalendarModule],
  controllers: [TasksController],
  providers: [
    TasksRepository,
    TaskContributionsRepository,
    TaskDependenciesRepository,
    TaskHistoryRepository,
    TaskProgressRepository,
    TaskTransactionService,
    ProgrammeQueryService,
    ProgrammeService,
    TaskWorkflowService,
    TaskDeadlineService,
    TaskDependenciesService,
    TaskProgressService,
  ],
  exports: [TaskProgressService, TasksRepository, TaskHistoryRepository],
})
export class TasksModule {}
