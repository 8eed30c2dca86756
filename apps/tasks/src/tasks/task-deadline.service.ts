import { Injectable } from '@nestjs/common';
import { assertAllowed, type Principal } from '@dxhub/auth';
import { Clock, isServedDate, SERVED_RANGE_TEXT, vietnamDate } from '@dxhub/calendar';
import { EventTypes } from '@dxhub/contracts';
import { CalendarService } from '../calendar/calendar.service';
import { mayTakeTaskStep } from '../workflow/task-access-rules';
import { actorOf } from './actor';
import { taskIn } from './programme-snapshot';
import { ProgrammeQueryService } from './programme-query.service';
import { taskEvent, taskEventBase } from './task-events';
import { TaskHistoryRepository } from './task-history.repository';
import { TaskTransactionService } from './task-transaction.service';
import type { TaskDetail } from './task-views';
import { TasksRepository } from './tasks.repository';
import { TaskErrorCode, taskConflict, taskInvalid } from './tasks.exception';

/** Deadlines in working days: a new task's, and an extension with a reason. */
@Injectable()
export class TaskDeadlineService {
  constructor(
    private readonly transactions: TaskTransactionService,
    private readonly tasks: TasksRepository,
    private readonly histories: TaskHistoryRepository,
    private readonly queries: ProgrammeQueryService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  /** The date `n` working days after today in Vietnam. */
  workingDaysFromToday(n: number): string {
    return this.calendars.calendar().addWorkingDays(vietnamDate(this.clock.now()), n);
  }

  /** A new deadline, as a date or as working days added to the current one, later than it and with a reason. */
  async extendDeadline(
    ref: string,
    to: string | { byWorkingDays: number },
    reason: string,
    principal: Principal,
  ): Promise<TaskDetail> {
    await this.transactions.write(async (m, at) => {
      const task = await this.tasks.task(m, ref, true);
      const dueDate =
        typeof to === 'string' ? to : this.calendars.calendar().addWorkingDays(task.dueDate, to.byWorkingDays);
      assertAllowed(mayTakeTaskStep(principal, 'extend-deadline', task));
      if (task.state === 'APPROVED' || task.state === 'CANCELLED')
        throw taskConflict(TaskErrorCode.NOT_OPEN, `the task is ${task.state}`, { state: task.state });
      if (!isServedDate(dueDate))
        throw taskInvalid(TaskErrorCode.INVALID_DEADLINE, `'${dueDate}' is not a date YYYY-MM-DD ${SERVED_RANGE_TEXT}`);
      if (dueDate <= task.dueDate)
        throw taskInvalid(TaskErrorCode.INVALID_DEADLINE, `an extension moves the deadline later than ${task.dueDate}`);
      if (!reason.trim()) throw taskInvalid(TaskErrorCode.REASON_REQUIRED, 'extending a deadline needs a reason');
      await this.tasks.setDueDate(m, task.id, dueDate, at);
      await this.histories.append(m, task.id, 'deadline-extended', {
        at,
        ...actorOf(principal),
        reason,
        details: { previousDueDate: task.dueDate, dueDate },
      });
      const s = await this.tasks.snapshot(m);
      const event = taskEvent(
        EventTypes.TASK_DEADLINE_EXTENDED,
        {
          ...taskEventBase(taskIn(s, task.id), s.progress.get(task.id) ?? 0, at),
          previousDueDate: task.dueDate,
          reason,
        },
        at,
      );
      return { events: [event], result: undefined };
    });
    return this.queries.detail(ref);
  }
}
