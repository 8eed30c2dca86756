import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  agencySource,
  agencyTopic,
  AgencyStreams,
  EventTypes,
  parseAgencyTopic,
  type TaskProgressReportedV1,
} from '@dxhub/contracts';
import { BatchConsumer, type InboundEvent, KafkaGateway, type Rejection } from '@dxhub/messaging';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { TasksConfig } from '../config/tasks.config';
import { type ProgressReport, TasksService } from '../tasks/tasks.service';

/**
 * Consumes every agency's `dx.agency.<code>.task-progress` topic. The agency a report counts for is the one whose
 * topic carried it (the broker's ACLs hold each agency to its own topics); the envelope's `ce_source` must name
 * the same agency or the event is dead-lettered, as are invalid payloads, unknown tasks and
 * reports from an agency that does not lead the task (rule `task-step-by-lead-agency`).
 */
@Injectable()
export class TaskProgressConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TaskProgressConsumer.name);
  private readonly consumer: BatchConsumer;

  constructor(
    gateway: KafkaGateway,
    private readonly tasks: TasksService,
    private readonly config: TasksConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {
    this.consumer = new BatchConsumer(gateway, {
      groupId: config.TASK_PROGRESS_CONSUMER_GROUP,
      topics: async () => (await this.agencyCodes()).map((code) => agencyTopic(code, AgencyStreams.TASK_PROGRESS)),
      accepts: [EventTypes.TASK_PROGRESS_REPORTED],
      handle: (events) => this.handleTaskProgressReported(events),
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
    const leads = (
      (await this.dataSource.query(
        `SELECT DISTINCT lead_agency AS code FROM programme_nodes WHERE lead_agency IS NOT NULL`,
      )) as { code: string }[]
    ).map((r) => r.code);
    return [...new Set([...seeded, ...leads])].sort();
  }

  async handleTaskProgressReported(events: InboundEvent[]): Promise<Rejection[]> {
    const rejections: Rejection[] = [];
    const reports: ProgressReport[] = [];
    const accepted: InboundEvent[] = [];
    for (const inbound of events) {
      const owner = parseAgencyTopic(inbound.topic);
      if (!owner) {
        rejections.push({ event: inbound, reason: `topic '${inbound.topic}' is not an agency topic` });
        continue;
      }
      const expectedSource = agencySource(owner.agencyCode);
      if (inbound.event.source !== expectedSource) {
        rejections.push({
          event: inbound,
          reason: `ce_source '${inbound.event.source}' does not match the topic's agency: expected '${expectedSource}'`,
        });
        continue;
      }
      const data = inbound.event.data as TaskProgressReportedV1;
      reports.push({
        taskCode: data.taskCode,
        percent: data.percent,
        note: data.note,
        evidenceLinks: data.evidenceLinks,
        agency: owner.agencyCode,
        actor: `kafka:${owner.agencyCode}`,
        eventSource: inbound.event.source,
        eventId: inbound.event.id,
        reportedAt: inbound.event.time ? new Date(inbound.event.time) : new Date(),
        topic: inbound.topic,
      });
      accepted.push(inbound);
    }
    const outcomes = await this.tasks.reportProgress(reports);
    outcomes.forEach((o, i) => {
      if (o.status === 'rejected') rejections.push({ event: accepted[i], reason: o.reason });
    });
    return rejections;
  }
}
