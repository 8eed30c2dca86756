import type { DatabaseModuleOptions } from '@dxhub/persistence';
import { INDICATORS_SCHEMA } from './indicators-schema';
import { CreateIndicatorsSchema1764230400000 } from './migrations/1764230400000-CreateIndicatorsSchema';
import { AggregateValuesOverTime1764310000000 } from './migrations/1764310000000-AggregateValuesOverTime';
import { IndicatorVersions1764320000000 } from './migrations/1764320000000-IndicatorVersions';
import { UnitRollups1764330000000 } from './migrations/1764330000000-UnitRollups';
import { AuditLog1764400000000 } from './migrations/1764400000000-AuditLog';
import { OutboxFanOut1764410000000 } from './migrations/1764410000000-OutboxFanOut';
import { PublishedReference1764420000000 } from './migrations/1764420000000-PublishedReference';
import { ApprovalState1764500000000 } from './migrations/1764500000000-ApprovalState';
import { ReportingObligations1764510000000 } from './migrations/1764510000000-ReportingObligations';
import { PeriodReopenings1764520000000 } from './migrations/1764520000000-PeriodReopenings';
import { TargetsAndScores1764530000000 } from './migrations/1764530000000-TargetsAndScores';
import { IntakeWithoutRedundantForeignKeys1764550000000 } from './migrations/1764550000000-IntakeWithoutRedundantForeignKeys';
import { ApprovedFigures1764560000000 } from './migrations/1764560000000-ApprovedFigures';
import { HierarchyChanges1764580000000 } from './migrations/1764580000000-HierarchyChanges';
import { TargetEvaluationQueue1764590000000 } from './migrations/1764590000000-TargetEvaluationQueue';
import { OutboxJsonPayload1764610000000 } from './migrations/1764610000000-OutboxJsonPayload';
import { RoomForUpdatesInPlace1764620000000 } from './migrations/1764620000000-RoomForUpdatesInPlace';
import { ObligationProgress1765300000000 } from './migrations/1765300000000-ObligationProgress';
import { ReturnedValuesIndex1765400000000 } from './migrations/1765400000000-ReturnedValuesIndex';
import { PeriodManualLocks1765500000000 } from './migrations/1765500000000-PeriodManualLocks';
import { RejectionLog1764700000000 } from './migrations/1764700000000-RejectionLog';
import { InboxFromStoredEvents1764700000001 } from './migrations/1764700000001-InboxFromStoredEvents';
import { RateLimits1764900000000 } from './migrations/1764900000000-RateLimits';
import { OutboxTraceContext1765000000000 } from './migrations/1765000000000-OutboxTraceContext';
import { ScoresForEveryPeriod1765200000000 } from './migrations/1765200000000-ScoresForEveryPeriod';
import { PublishStoredStandings1765100000100 } from './migrations/1765100000100-PublishStoredStandings';

/** The indicators service's schema and its migrations, in order: the service and its commands share it. */
export const INDICATORS_DATABASE: DatabaseModuleOptions = {
  schema: INDICATORS_SCHEMA,
  migrations: [
    CreateIndicatorsSchema1764230400000,
    AggregateValuesOverTime1764310000000,
    IndicatorVersions1764320000000,
    UnitRollups1764330000000,
    AuditLog1764400000000,
    OutboxFanOut1764410000000,
    PublishedReference1764420000000,
    ApprovalState1764500000000,
    ReportingObligations1764510000000,
    PeriodReopenings1764520000000,
    TargetsAndScores1764530000000,
    IntakeWithoutRedundantForeignKeys1764550000000,
    ApprovedFigures1764560000000,
    HierarchyChanges1764580000000,
    TargetEvaluationQueue1764590000000,
    OutboxJsonPayload1764610000000,
    RoomForUpdatesInPlace1764620000000,
    RejectionLog1764700000000,
    InboxFromStoredEvents1764700000001,
    RateLimits1764900000000,
    OutboxTraceContext1765000000000,
    ObligationProgress1765300000000,
    ReturnedValuesIndex1765400000000,
    ScoresForEveryPeriod1765200000000,
    PublishStoredStandings1765100000100,
    PeriodManualLocks1765500000000,
  ],
  applicationName: 'dxhub-indicators',
  // An intake transaction sorts and groups some 50,000 rows when a busy moment's batches share it: in
  // memory rather than on disk. No JIT: the write path's statements are estimated far above
  // jit_above_cost (a CTE's row count is a guess), and compiling them cost more than running them (the
  // roll-up over time: 110 ms of 1,100 for 5,000 reports; with inlining, seconds).
  sessionSettings: { work_mem: '32MB', jit: 'off' },
};
