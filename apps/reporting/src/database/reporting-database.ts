import { CreateReportingSchema1764230400000 } from './migrations/1764230400000-CreateReportingSchema';
import { CatalogueHierarchyReports1764316800000 } from './migrations/1764316800000-CatalogueHierarchyReports';
import { TasksReadModel1764500000000 } from './migrations/1764500000000-TasksReadModel';
import { ApprovedAggregates1764600000000 } from './migrations/1764600000000-ApprovedAggregates';
import { RejectionLog1764700000000 } from './migrations/1764700000000-RejectionLog';
import { SecurityLimits1764900000000 } from './migrations/1764900000000-SecurityLimits';
import { OutboxTraceContext1765000000000 } from './migrations/1765000000000-OutboxTraceContext';
import { ObligationProgressReadModel1765300000000 } from './migrations/1765300000000-ObligationProgressReadModel';
import { DtiScores1765200000000 } from './migrations/1765200000000-DtiScores';
import { AggregateStandings1765100000000 } from './migrations/1765100000000-AggregateStandings';
import { REPORTING_SCHEMA } from './reporting-schema';

/** The reporting schema and its migrations (the service and the replay command share them). */
export const REPORTING_DATABASE = {
  schema: REPORTING_SCHEMA,
  migrations: [
    CreateReportingSchema1764230400000,
    CatalogueHierarchyReports1764316800000,
    TasksReadModel1764500000000,
    ApprovedAggregates1764600000000,
    RejectionLog1764700000000,
    SecurityLimits1764900000000,
    OutboxTraceContext1765000000000,
    ObligationProgressReadModel1765300000000,
    DtiScores1765200000000,
    AggregateStandings1765100000000,
  ],
  applicationName: 'dxhub-reporting',
  // No JIT, as the indicators pool: the service's statements are keyed reads and set-based upserts over unnest'ed
  // batches, whose row estimates (a guess for unnest and CTEs) can cross jit_above_cost though they run in
  // milliseconds, and compiling costs more than running them.
  sessionSettings: { jit: 'off' },
};
