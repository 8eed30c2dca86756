import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { agencyTopic, AgencyStreams, EventTypes } from '@dxhub/contracts';
import { EventConsumer, type HandlerResult, type Inbound, KafkaGateway } from '@dxhub/messaging';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { TasksConfig } from '../config/tasks.config';
import { TaskProgressService } from '../tasks/task-progress.service';

type ProgressReported = Inbound<typeof EventTypes.TASK_PROGRESS_REPORTED>;

/**
 * Consumes every agency's `dx.agency.<code>.task-progress` topic. The agency a report counts for is the one
 * whose topic carried it (the broker's ACLs hold each agency to its own topics; the pipeline holds
 * `ce_source` to it). Unknown tasks and reports from an agency that does not lead the task (rule
 * `task-step-by-lead-agency`) are refused and dead-lettered.
 */
@Injectable()
export class TaskProgressConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TaskProgressConsumer.name);
  private readonly consumer: EventConsumer<typeof EventTypes.TASK_PROGRESS_REPORTED>;

  constructor(
    gateway: KafkaGateway,
    private readonly tasks: TaskProgressService,
    private readonly config: TasksConfig,
    @Inject(DataSource) dataSource: DataSource,
  ) {
    this.consumer = new EventConsumer(gateway, dataSource, {
      groupId: config.TASK_PROGRESS_CONSUMER_GROUP,
      topics: async () => (await this.agencyCodes()).map((code) => agencyTopic(code, AgencyStreams.TASK_PROGRESS)),
      accepts: [EventTypes.TASK_PROGRESS_REPORTED],
      publishers: 'agencies',
      handle: (tx, events) => this.handleTaskProgressReported(tx, events),
      announceRejections: 'tasks',
      refreshIntervalMs: 60000,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
    this.logger.log({ msg: 'task-progress intake stopped' });
  }

  /** The seeded agencies and every agency that leads a task (one added later included). */
  private async agencyCodes(): Promise<string[]> {
    const seeded = (
      JSON.parse(readFileSync(join(this.config.SEEDS_DIR, 'agencies.json'), 'utf8')) as { code: string }[]
    ).map((a) => a.code);
    const leads = await this.tasks.leadAgencies();
    return [...new Set([...seeded, ...leads])].sort();
  }

  async handleTaskProgressReported(tx: EntityManager, events: ProgressReported[]): Promise<HandlerResult> {
    const outcomes = await this.tasks.applyProgressReports(
      tx,
      events.map((inbound) => {
        const data = inbound.event.data;
        const agency = inbound.agencyCode as string;
        return {
          taskCode: data.taskCode,
          percent: data.percent,
          note: data.note,
          evidenceLinks: data.evidenceLinks,
          agency,
          actor: `kafka:${agency}`,
          eventSource: inbound.event.source,
          eventId: inbound.event.id,
          reportedAt: inbound.event.time ? new Date(inbound.event.time) : inbound.receivedAt,
          topic: inbound.topic,
        };
      }),
    );
    return {
      refused: outcomes.flatMap((outcome, i) =>
        outcome.status === 'rejected' ? [{ event: events[i], reason: outcome.reason }] : [],
      ),
      afterCommit: () => this.tasks.committed(),
    };
  }
}
