import { type DynamicModule, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@dxhub/observability';
import { KafkaConfig } from './kafka.config';
import { KafkaGateway } from './broker/kafka-gateway';

/**
 * The service's Kafka client (KafkaGateway), with a readiness check on the broker. Consumers and the
 * outbox relay are built from the gateway by the features that own them.
 */
@Module({})
export class MessagingModule implements OnApplicationShutdown {
  private readonly logger = new Logger(MessagingModule.name);

  constructor(@Inject(KafkaGateway) private readonly gateway: KafkaGateway) {}

  static forService(clientId: string): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        {
          provide: KafkaGateway,
          inject: [KafkaConfig, HealthRegistry],
          useFactory: (config: KafkaConfig, health: HealthRegistry) => {
            const gateway = new KafkaGateway(config, clientId);
            health.register({ name: 'kafka', check: () => gateway.ping() });
            if (config.KAFKA_SASL_MECHANISM === 'none') {
              // Said once at start: expected on a developer's loopback, a finding in production.
              const logger = new Logger(MessagingModule.name);
              const line = {
                msg: 'Kafka connection is PLAINTEXT without authentication: fine on loopback, not in production',
                brokers: config.KAFKA_BROKERS,
              };
              if (config.NODE_ENV === 'production') logger.warn(line);
              else logger.log(line);
            }
            return gateway;
          },
        },
      ],
      exports: [KafkaGateway],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.gateway.close();
    this.logger.log({ msg: 'kafka client closed' });
  }
}
