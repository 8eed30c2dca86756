import { Injectable } from '@nestjs/common';
import { wouldCreateCycle } from '../graph/dependency-graph';
import type { Actor } from './actor';
import { ProgrammeQueryService } from './programme-query.service';
import { TaskDependenciesRepository } from './task-dependencies.repository';
import { TaskHistoryRepository } from './task-history.repository';
import { TaskTransactionService } from './task-transaction.service';
import type { TaskDetail } from './task-views';
import { TasksRepository } from './tasks.repository';
import { TaskErrorCode, taskConflict, taskNotFound } from './tasks.exception';

/** Which task blocks which: edges added (never closing a loop) and removed, each in the blocked task's history. */
@Injectable()
export class TaskDependenciesService {
  constructor(
    private readonly transactions: TaskTransactionService,
    private readonly tasks: TasksRepository,
    private readonly dependencies: TaskDependenciesRepository,
    private readonly histories: TaskHistoryRepository,
    private readonly queries: ProgrammeQueryService,
  ) {}

  async addDependency(blockedRef: string, blockerRef: string, by: Actor): Promise<TaskDetail> {
    await this.transactions.write(async (m, at) => {
      const blocked = await this.tasks.task(m, blockedRef, true);
      const blocker = await this.tasks.task(m, blockerRef);
      // One writer of the dependency graph at a time, so two concurrent additions cannot close a loop together.
      await this.dependencies.lockGraph(m);
      const edges = await this.dependencies.edges(m);
      if (wouldCreateCycle(edges, blocker.id, blocked.id)) {
        throw taskConflict(
          TaskErrorCode.DEPENDENCY_CYCLE,
          `${blocker.code} cannot block ${blocked.code}: that closes a loop`,
        );
      }
      await this.dependencies.add(m, blocker.id, blocked.id);
      await this.histories.append(m, blocked.id, 'dependency-added', {
        at,
        ...by,
        details: { blockedBy: blocker.code },
      });
      return { events: [], result: undefined };
    });
    return this.queries.detail(blockedRef);
  }

  async removeDependency(blockedRef: string, blockerRef: string, by: Actor): Promise<TaskDetail> {
    await this.transactions.write(async (m, at) => {
      const blocked = await this.tasks.task(m, blockedRef, true);
      const blocker = await this.tasks.task(m, blockerRef);
      if (!(await this.dependencies.remove(m, blocker.id, blocked.id)))
        throw taskNotFound(`${blocker.code} → ${blocked.code}`);
      await this.histories.append(m, blocked.id, 'dependency-removed', {
        at,
        ...by,
        details: { blockedBy: blocker.code },
      });
      return { events: [], result: undefined };
    });
    return this.queries.detail(blockedRef);
  }
}
