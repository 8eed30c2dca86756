import { randomUUID } from 'node:crypto';
import { KafkaConfig } from '../kafka.config';
import { KafkaGateway, kafkaOf } from './kafka-gateway';

/*
 * Tries what a principal may do on the broker and reports the broker's answer as text: the way to check the
 * ACLs a plan provisioned (kafkaAccessPlan) from the outside, as the principal itself, with its own
 * credentials. A probe never throws: a refusal is its answer.
 */

/** Produces one record to a (physical) topic: 'sent', or the error that refused it. */
export async function probeProduce(config: KafkaConfig, topic: string): Promise<string> {
  const gateway = new KafkaGateway(unprefixed(config), 'access-probe', { level: 'nothing' });
  const producer = kafkaOf(gateway).producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 1 } });
  try {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'probe' }] });
    return 'sent';
  } catch (error) {
    return describeKafkaError(error);
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

/**
 * Consumes a (physical) topic from the beginning in a fresh group named `<groupPrefix><uuid>`: 'consumed' once
 * a record arrives, otherwise the error that stopped the consumer and the broker's authorization refusals
 * logged on the way (kafkajs reports a refused FindCoordinator only as "Failed to find group coordinator").
 */
export async function probeConsume(
  config: KafkaConfig,
  topic: string,
  options: { groupPrefix?: string; timeoutMs?: number } = {},
): Promise<string> {
  const refusals = new Set<string>();
  const gateway = new KafkaGateway(unprefixed(config), 'access-probe', {
    level: 'debug',
    to: (line) => {
      if (line.errorType?.endsWith('_AUTHORIZATION_FAILED')) refusals.add(line.errorType);
    },
  });
  const consumer = kafkaOf(gateway).consumer({
    groupId: `${options.groupPrefix ?? 'access-probe-'}${randomUUID()}`,
    retry: { retries: 1, restartOnFailure: async () => false },
  });
  try {
    const outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('nothing consumed and no error'), options.timeoutMs ?? 30000);
      const done = (result: string) => {
        clearTimeout(timer);
        resolve(result);
      };
      consumer.on(consumer.events.CRASH, ({ payload }) => done(describeKafkaError(payload.error)));
      consumer
        .connect()
        .then(() => consumer.subscribe({ topic, fromBeginning: true }))
        .then(() => consumer.run({ eachMessage: async () => done('consumed') }))
        .catch((error: unknown) => done(describeKafkaError(error)));
    });
    return outcome === 'consumed' ? outcome : [outcome, ...refusals].join(' | ');
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

/** The config with physical topic names: a probe names topics as the broker knows them. */
function unprefixed(config: KafkaConfig): KafkaConfig {
  return Object.assign(new KafkaConfig(), config, { KAFKA_TOPIC_PREFIX: '' });
}

/** An error and its causes as one line: `<name> <type> <message> <- <its cause> …`. */
export function describeKafkaError(error: unknown): string {
  const parts: string[] = [];
  for (
    let e = error as { name?: string; type?: string; message?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    parts.push([e.name, e.type, e.message].filter(Boolean).join(' '));
  }
  return parts.join(' <- ') || String(error);
}
