import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { agencyTopic, AgencyStreams, deadLetterTopic } from '@dxhub/contracts';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { KafkaGateway } from '@dxhub/messaging';
import { DataSource } from 'typeorm';
import { type AgencyVersion, CatalogueService } from '../catalogue/catalogue.service';
import { IndicatorValuesConsumer } from '../intake/indicator-values.consumer';
import type { CreateAgencyDto } from './dto/create-agency.dto';

@Injectable()
export class AgenciesService implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly gateway: KafkaGateway,
    private readonly intake: IndicatorValuesConsumer,
  ) {}

  /** Every agency has all its topics (and their dead-letter topics) before it needs them. */
  async onApplicationBootstrap(): Promise<void> {
    await this.gateway.ensureTopics(this.catalogue.agencyCodes().flatMap((code) => agencyTopics(code)));
  }

  list(): AgencyVersion[] {
    return this.catalogue.allAgencies();
  }

  /** Adds an agency, creates its topics, and starts consuming them without a restart. */
  async create(dto: CreateAgencyDto): Promise<AgencyVersion & { topics: string[] }> {
    if (this.catalogue.agencyCodes().includes(dto.code)) {
      throw new DomainException(DomainErrorKind.CONFLICT, 'AGENCY_EXISTS', `agency '${dto.code}' already exists`);
    }
    await this.dataSource.query(
      `INSERT INTO agencies (code, name_vi, name_en, kind, org_unit_code, validity, source)
       VALUES ($1, $2, $3, $4, $5, daterange($6::date, NULL, '[]'), 'added through the API')`,
      [dto.code, dto.nameVi.normalize('NFC'), dto.nameEn, dto.kind, dto.orgUnitCode ?? null, dto.validFrom ?? null],
    );
    const topics = agencyTopics(dto.code);
    await this.gateway.ensureTopics(topics);
    await this.intake.refreshTopics();
    const created = this.catalogue.allAgencies().find((a) => a.code === dto.code) as AgencyVersion;
    return { ...created, topics };
  }
}

/** The topics an agency publishes to, each with its dead-letter topic. */
function agencyTopics(code: string): string[] {
  return Object.values(AgencyStreams).flatMap((stream) => {
    const topic = agencyTopic(code, stream);
    return [topic, deadLetterTopic(topic)];
  });
}
