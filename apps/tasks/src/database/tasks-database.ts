import type { DatabaseModuleOptions } from '@dxhub/persistence';
import { CreateTasksSchema1764230400000 } from './migrations/1764230400000-CreateTasksSchema';
import { ProgrammeTasks1764500000000 } from './migrations/1764500000000-ProgrammeTasks';
import { RejectionLog1764700000000 } from './migrations/1764700000000-RejectionLog';
import { InboxFromStoredEvents1764700000001 } from './migrations/1764700000001-InboxFromStoredEvents';
import { RateLimits1764900000000 } from './migrations/1764900000000-RateLimits';
import { OutboxTraceContext1765000000000 } from './migrations/1765000000000-OutboxTraceContext';
import { TASKS_SCHEMA } from './tasks-schema';

/** The tasks service's schema and its migrations, in order. */
export const TASKS_DATABASE: DatabaseModuleOptions = {
  schema: TASKS_SCHEMA,
  migrations: [
    CreateTasksSchema1764230400000,
    ProgrammeTasks1764500000000,
    RejectionLog1764700000000,
    InboxFromStoredEvents1764700000001,
    RateLimits1764900000000,
    OutboxTraceContext1765000000000,
  ],
  applicationName: 'dxhub-tasks',
  // No JIT, as the indicators pool: the service's statements are keyed reads and set-based upserts over unnest'ed
  // batches, whose row estimates (a guess for unnest and CTEs) can cross jit_above_cost though they run in
  // milliseconds, and compiling costs more than running them.
  sessionSettings: { jit: 'off' },
};
