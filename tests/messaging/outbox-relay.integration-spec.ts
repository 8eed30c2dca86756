import 'reflect-metadata';
import { loadConfig } from '@dxhub/config';
import { KafkaConfig } from '../src/kafka.config';
import { KafkaGateway } from '../src/kafka-gateway';
import { OutboxRelay } from '../src/outbox-relay';
import {
  addOutboxFanOutV2,
  appendFanOutToOutbox,
  appendToOutbox,
  createOutboxTableV1,
  type FanOutEvent,
} from '@dxhub/persistence';
import {
  createTestDatabase,
  deleteTopicsWithPrefix,
  readTopic,
  type TestDatabase,
  testKafkaBrokers,
  uniqueTopicPrefix,
} from '@dxhub/testing';
import { DataSource } from 'typeorm';

const TOPIC = 'dx.relay-test.events';

function events(label: string, count: number): FanOutEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `k${i % 7}`,
    id: `${label}-${i}`,
    subject: `${label}/${i}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
    payload: { label, i, name: 'Tỉnh Tiền Giang' },
  }));
}

describe('outbox relay (PostgreSQL + Kafka): single and fan-out rows', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let gateway: KafkaGateway;
  let prefix: string;

  beforeAll(async () => {
    database = await createTestDatabase('relay');
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    const runner = dataSource.createQueryRunner();
    await createOutboxTableV1(runner, 'public');
    await addOutboxFanOutV2(runner, 'public');
    await runner.release();
    prefix = uniqueTopicPrefix('relay');
    gateway = new KafkaGateway(
      loadConfig(KafkaConfig, {
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '1',
      }),
      'test-relay',
    );
    await gateway.ensureTopics([TOPIC]);
  });

  afterAll(async () => {
    await gateway?.close();
    await dataSource?.destroy();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('publishes every event of every row once, in outbox order, a round at a time within its message budget', async () => {
    const single = (id: string) => ({
      topic: TOPIC,
      key: 'single',
      id,
      type: 'dx.relay-test.happened',
      source: '/services/test',
      time: new Date().toISOString(),
      payload: { id },
    });
    const fanOut = (label: string, count: number) => ({
      topic: TOPIC,
      type: 'dx.relay-test.happened',
      source: '/services/test',
      events: events(label, count),
    });
    // 1 + 2,500 + 1 + 3,000 events: the second fan-out row does not fit the first round's 5,000.
    await dataSource.transaction(async (m) => {
      await appendToOutbox(m, [single('first')]);
      await appendFanOutToOutbox(m, fanOut('a', 2500));
      await appendToOutbox(m, [single('middle')]);
      await appendFanOutToOutbox(m, fanOut('b', 3000));
    });
    const relay = new OutboxRelay(dataSource, gateway);

    const rounds: number[] = [];
    for (let published = await relay.publishOnce(); published > 0; published = await relay.publishOnce())
      rounds.push(published);
    expect(rounds).toEqual([2502, 3000]);
    const [{ unpublished }] = await dataSource.query(
      `SELECT count(*)::int AS unpublished FROM outbox WHERE published_at IS NULL`,
    );
    expect(unpublished).toBe(0);

    const records = await readTopic(gateway.physical(TOPIC), 5502, 60000);
    const ids = records.map((r) => r.headers.ce_id);
    const expected = ['first', ...events('a', 2500).map((e) => e.id), 'middle', ...events('b', 3000).map((e) => e.id)];
    expect(ids).toEqual(expected);
    const sample = records[1 + 1234];
    expect(sample.key).toBe('k2'); // 1234 % 7
    expect(sample.headers).toMatchObject({
      ce_type: 'dx.relay-test.happened',
      ce_source: '/services/test',
      ce_subject: 'a/1234',
    });
    expect(JSON.parse(sample.value!.toString('utf8'))).toEqual({ label: 'a', i: 1234, name: 'Tỉnh Tiền Giang' });
  });

  it('cuts a fan-out row of large events into produce requests the broker takes (1 MiB per record batch)', async () => {
    // 12 events of ~300 KB on one partition: 3.6 MB, refused whole as one record batch.
    const large = events('large', 12).map((e, i) => ({ ...e, payload: { i, changes: 'Mỹ Tho '.repeat(40_000) } }));
    await dataSource.transaction((m) =>
      appendFanOutToOutbox(m, {
        topic: TOPIC,
        type: 'dx.relay-test.happened',
        source: '/services/test',
        events: large,
      }),
    );
    const relay = new OutboxRelay(dataSource, gateway);
    expect(await relay.publishOnce()).toBe(12);
    const records = await readTopic(gateway.physical(TOPIC), 5502 + 12, 60000);
    const published = records
      .slice(5502)
      .map((r) => JSON.parse(r.value!.toString('utf8')) as { i: number; changes: string });
    expect(published.map((p) => p.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(published[11].changes).toBe('Mỹ Tho '.repeat(40_000));
  });
});
