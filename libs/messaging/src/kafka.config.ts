import { EnvBoolean, EnvInt, EnvList } from '@dxhub/config';
import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

export class KafkaConfig {
  /** Comma-separated host:port list. */
  @EnvList()
  @ArrayNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' })
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}$/, { each: true, message: 'KAFKA_BROKERS entries must be host:port' })
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  /**
   * Prepended to every topic name, e.g. `staging.` — lets several environments (or test runs) share a
   * cluster. Empty in production, so topics carry their public names.
   */
  @IsString()
  @Matches(/^([a-z0-9-]+\.)?$/, { message: 'KAFKA_TOPIC_PREFIX must be empty or like "staging."' })
  KAFKA_TOPIC_PREFIX = '';

  @IsIn(['none', 'scram-sha-512'])
  KAFKA_SASL_MECHANISM = 'none';

  @ValidateIf((c: KafkaConfig) => c.KAFKA_SASL_MECHANISM !== 'none')
  @IsString()
  @Matches(/.+/, { message: 'KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is set' })
  KAFKA_SASL_USERNAME = '';

  @ValidateIf((c: KafkaConfig) => c.KAFKA_SASL_MECHANISM !== 'none')
  @IsString()
  @Matches(/.+/, { message: 'KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is set' })
  KAFKA_SASL_PASSWORD = '';

  @EnvBoolean()
  @IsBoolean()
  KAFKA_SSL = false;

  /** Partitions of the topics the platform creates. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(256)
  KAFKA_TOPIC_PARTITIONS = 3;

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(5)
  KAFKA_REPLICATION_FACTOR = 1;

  /**
   * How long a consumed batch keeps being retried after transient failures (a deadlock, a lost connection)
   * while the database and broker answer, before its events are tried one by one and those still failing are
   * dead-lettered (retries-exhausted). An outage, where they do not answer, is waited out however long.
   */
  @EnvInt()
  @IsInt()
  @Min(1000)
  CONSUMER_RETRY_BUDGET_MS = 300000;
}
