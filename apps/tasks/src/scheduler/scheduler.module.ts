import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { TasksModule } from '../tasks/tasks.module';
import { DeadlineScheduler } from './deadline-scheduler';
import { SchedulerRepository } from './scheduler.repository';

/** Deadline reminders and escalations, on a timer every replica runs (one at a time). */
@Module({
  imports: [TasksModule, CalendarModule],
  providers: [DeadlineScheduler, SchedulerRepository],
  exports: [DeadlineScheduler],
})
export class SchedulerModule {}
