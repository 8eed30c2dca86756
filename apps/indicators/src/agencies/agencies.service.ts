import { auditRequestIn } from '@dxhub/audit';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { agencyTopic, AgencyStreams, deadLetterTopic } from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { KafkaGateway } from '@dxhub/messaging';
import { DataSource } from 'typeorm';
import { type AgencyVersion, CatalogueService } from '../catalogue/catalogue.service';
import { IndicatorValuesConsumer } from '../intake/indicator-values.consumer';
import { insertAgency } from './agencies.repository';
import type { CreateAgencyDto } from './dto/create-agency.dto';

@Injectable()
export class AgenciesService implements OnApplicationBootstrap {
  constructor(
    /** Only to open the transaction. */
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly gateway: KafkaGateway,
    private readonly intake: IndicatorValuesConsumer,
  ) {}

  /** Every agency has all its topics (and their dead-letter topics) before it needs them. */
  async onApplicationBootstrap(): Promise<void> {
    await this.gateway.ensureTopics(this.catalogue.agencyCodes().flatMap((code) => agencyTopics(code)));
  }

  /** Every agency version, or those in force on `at`, each with its succession links both ways. */
  list(at?: string): AgencyView[] {
    const agencies = at === undefined ? this.catalogue.allAgencies() : this.catalogue.agenciesOn(at);
    return agencies.map((a) => this.view(a));
  }

  /** Adds an agency, creates its topics, and starts consuming them without a restart. */
  async create(dto: CreateAgencyDto): Promise<AgencyView & { topics: string[] }> {
    if (this.catalogue.agencyCodes().includes(dto.code)) {
      throw new DomainException(DomainErrorKind.CONFLICT, 'AGENCY_EXISTS', `agency '${dto.code}' already exists`);
    }
    await this.dataSource.transaction(async (m) => {
      await insertAgency(m, {
        code: dto.code,
        nameVi: dto.nameVi.normalize('NFC'),
        nameEn: dto.nameEn,
        kind: dto.kind,
        orgUnitCode: dto.orgUnitCode ?? null,
        validFrom: dto.validFrom ?? null,
      });
      await auditRequestIn(m, { agencyCode: dto.code });
    });
    const topics = agencyTopics(dto.code);
    await this.gateway.ensureTopics(topics);
    await this.intake.refreshTopics();
    const created = this.catalogue.allAgencies().find((a) => a.code === dto.code) as AgencyVersion;
    return { ...this.view(created), topics };
  }

  private view(agency: AgencyVersion): AgencyView {
    const links = this.catalogue.agencySuccessions();
    return {
      ...agency,
      successors: links
        .filter((l) => l.predecessorCode === agency.code)
        .map((l) => ({ code: l.successorCode, effectiveFrom: l.effectiveFrom })),
      predecessors: links
        .filter((l) => l.successorCode === agency.code)
        .map((l) => ({ code: l.predecessorCode, effectiveFrom: l.effectiveFrom })),
    };
  }
}

/** An agency version with its succession links both ways. */
export type AgencyView = Omit<AgencyVersion, 'successors'> & {
  successors: { code: string; effectiveFrom: string }[];
  predecessors: { code: string; effectiveFrom: string }[];
};

/** The topics an agency publishes to, each with its dead-letter topic. */
function agencyTopics(code: string): string[] {
  return Object.values(AgencyStreams).flatMap((stream) => {
    const topic = agencyTopic(code, stream);
    return [topic, deadLetterTopic(topic)];
  });
}
