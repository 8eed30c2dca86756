import 'reflect-metadata';
import { loadConfig } from '@dxhub/config';
import { EVENT_CATALOG, EventTypes, type TaskProgressUpdatedV1 } from '@dxhub/contracts';
import { addOutboxFanOutV2, createOutboxTableV1 } from '@dxhub/persistence';
import {
  appendFanOutToOutbox,
  appendToOutbox,
  type FanOutEvent,
  KafkaConfig,
  KafkaGateway,
  OutboxRelay,
} from '@dxhub/messaging';
import {
  createTestDatabase,
  deleteTopicsWithPrefix,
  readTopic,
  type TestDatabase,
  testKafkaBrokers,
  uniqueTopicPrefix,
} from '@dxhub/testing';
import { DataSource } from 'typeorm';

const TYPE = EventTypes.TASK_PROGRESS_UPDATED;
const TOPIC = 'dx.tasks.events';
const EXAMPLE = EVENT_CATALOG[TYPE].example;

function payload(label: string, i: number, titleVi = 'Tỉnh Tiền Giang'): TaskProgressUpdatedV1 {
  return { ...EXAMPLE, code: `${label}.${i}`, titleVi };
}

function events(label: string, count: number): FanOutEvent<typeof TYPE>[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `k${i % 7}`,
    id: `${label}-${i}`,
    subject: `${label}/${i}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
    payload: payload(label, i),
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
      key: 'single',
      id,
      type: TYPE,
      source: '/services/test',
      time: new Date().toISOString(),
      payload: payload(id, 0),
    });
    const fanOut = (label: string, count: number) => ({
      type: TYPE,
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
      ce_type: TYPE,
      ce_source: '/services/test',
      ce_subject: 'a/1234',
    });
    expect(JSON.parse(sample.value!.toString('utf8'))).toEqual(payload('a', 1234));
    // Tracing is off in this process: no trace context goes out (outbox-trace-context covers it on).
    expect(records.filter((r) => r.headers.ce_traceparent !== undefined)).toEqual([]);
  });

  it('cuts a fan-out row of large events into produce requests the broker takes (1 MiB per record batch)', async () => {
    // 12 events of ~300 KB on one partition: 3.6 MB, refused whole as one record batch.
    const large = events('large', 12).map((e, i) => ({ ...e, payload: payload('large', i, 'Mỹ Tho '.repeat(40_000)) }));
    await dataSource.transaction((m) =>
      appendFanOutToOutbox(m, { type: TYPE, source: '/services/test', events: large }),
    );
    const relay = new OutboxRelay(dataSource, gateway);
    expect(await relay.publishOnce()).toBe(12);
    const records = await readTopic(gateway.physical(TOPIC), 5502 + 12, 60000);
    const published = records.slice(5502).map((r) => JSON.parse(r.value!.toString('utf8')) as TaskProgressUpdatedV1);
    expect(published.map((p) => p.code)).toEqual(Array.from({ length: 12 }, (_, i) => `large.${i}`));
    expect(published[11].titleVi).toBe('Mỹ Tho '.repeat(40_000));
  });
});
