import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KafkaGateway } from '../broker/kafka-gateway';
import { OutboxRelay } from './outbox-relay';

const RELAYED_TOPICS = Symbol('RELAYED_TOPICS');

/** Runs the service's outbox relay for as long as the app runs; `nudge()` after writing to the outbox. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    private readonly gateway: KafkaGateway,
    @Inject(RELAYED_TOPICS) private readonly topics: string[],
  ) {
    this.relay = new OutboxRelay(dataSource, gateway);
  }

  async onApplicationBootstrap(): Promise<void> {
    // A service's events are the log other services rebuild their read models from: kept for good.
    await this.gateway.ensureTopics(this.topics, { configEntries: [{ name: 'retention.ms', value: '-1' }] });
    this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }

  nudge(): void {
    this.relay.nudge();
  }
}

@Module({})
export class OutboxRelayModule {
  /** `topics`: the topics this service's outbox writes to (created at start if missing). */
  static forTopics(topics: string[]): DynamicModule {
    return {
      module: OutboxRelayModule,
      global: true,
      providers: [{ provide: RELAYED_TOPICS, useValue: topics }, OutboxRelayService],
      exports: [OutboxRelayService],
    };
  }
}
