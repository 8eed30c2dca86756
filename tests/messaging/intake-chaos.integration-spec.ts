import {
  AgencyProducer,
  type AgencyMessage,
  agencyReportHeaders,
  createTestDatabase,
  deleteTopicsWithPrefix,
  freePort,
  type OwnBroker,
  readTopicToEnd,
  startOwnBroker,
  type TestDatabase,
  type TestKafkaConnection,
  testGateway,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import { Client } from 'pg';
import {
  AGENCY,
  buildServices,
  districts,
  expectExactlyOnce,
  INDICATOR,
  recomputeDifferences,
  reportBody,
  type SentReport,
  startIndicators,
} from './intake-under-test';

/*
 * Chaos on the real broker and database, against the built indicators service as processes. Each case sends a
 * stream of valid reports while a fault strikes, and ends with every report stored once, every aggregate what
 * the reports give and what the recompute command computes, and nothing dead-lettered:
 *   (a) the broker stopped for 20 s and started again while the agency publishes (a broker of the test's own);
 *   (b) the service's PostgreSQL connections terminated (pg_terminate_backend), again and again, mid-batch;
 *   (c) two replicas in one consumer group, one killed with SIGKILL mid-stream (its partitions move over);
 *   (d) two replicas' outbox relays publishing the same outbox at once: every event out once, none lost.
 * Faults strike the service from outside (the broker process, the server's backends, the process), never by
 * patching an object the service shares with its background jobs. Sizes: 3,000 to 6,000 reports a case.
 */
const PERIODS = ['2024S1', '2024S2'];
/** A case starts brokers and services as processes and waits out faults: minutes, not the tier's two. */
const CASE_TIMEOUT_MS = 8 * 60_000;

/** `count` reports with distinct ids and times (some cells reported more than once), in a shuffled order. */
function reports(label: string, count: number): SentReport[] {
  const units = districts();
  let seed = label.length * 7919;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const t0 = Date.UTC(2025, 0, 10);
  const sent = Array.from({ length: count }, (_, i) => ({
    id: `${label}-${i}`,
    time: t0 + Math.floor(random() * 1e9) * 10 + (i % 10),
    unit: units[Math.floor(random() * units.length)],
    period: PERIODS[i % PERIODS.length],
    value: Math.floor(random() * 1000),
  }));
  return sent.sort(() => random() - 0.5);
}

function message(r: SentReport): AgencyMessage {
  return {
    key: INDICATOR,
    value: reportBody(r),
    headers: agencyReportHeaders(AGENCY, r.id, new Date(r.time).toISOString()),
  };
}

/** Sends in chunks of 100, retrying a chunk the broker refused (it may be away): a retried chunk may land twice. */
async function publish(producer: AgencyProducer, topic: string, sent: SentReport[], pauseMs = 0): Promise<void> {
  for (let i = 0; i < sent.length; i += 100) {
    const chunk = sent.slice(i, i + 100).map(message);
    for (;;) {
      try {
        await producer.send(topic, chunk);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/** Resolves once the group committed the end of every partition of the topic. */
async function caughtUp(connection: TestKafkaConnection | undefined, group: string, topic: string, timeoutMs: number) {
  const gateway = testGateway('chaos-lag', connection);
  try {
    await waitFor(
      async () => {
        const ends = await gateway.topicEnds(topic);
        const committed = await gateway.groupOffsets(group, topic);
        // A partition nothing was sent to has an end of 0 and no committed offset.
        return [...ends].every(([p, end]) => end === 0n || (committed.get(p) ?? -1n) >= end) ? true : undefined;
      },
      timeoutMs,
      `group ${group} to reach the end of ${topic}`,
    );
  } finally {
    await gateway.close();
  }
}

async function storedCount(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM indicators.indicator_reports');
  return rows[0].n;
}

/** Nothing of the stream went to the dead-letter topic. */
async function expectNoDeadLetters(topic: string, connection?: TestKafkaConnection): Promise<void> {
  const letters = await readTopicToEnd(`${topic}.dlq`, 30_000, connection);
  expect(letters.map((l) => l.headers.dx_dlq_reason)).toEqual([]);
}

describe('the intake under chaos: nothing lost, nothing counted twice, nothing dead-lettered', () => {
  let database: TestDatabase;
  let db: Client;
  let prefix: string;

  beforeAll(() => buildServices(), CASE_TIMEOUT_MS);

  beforeEach(async () => {
    database = await createTestDatabase('chaos');
    db = new Client({ connectionString: database.url });
    await db.connect();
    prefix = uniqueTopicPrefix('chaos');
  });

  afterEach(async () => {
    await db?.end();
    await database?.drop();
  });

  it(
    '(a) the broker stopped for 20 s and started again while the agency publishes',
    async () => {
      const broker: OwnBroker = await startOwnBroker();
      const connection = { brokers: broker.brokers };
      const topic = `${prefix}dx.agency.${AGENCY}.indicator-values`;
      const service = startIndicators(database, prefix, await freePort(), {
        KAFKA_BROKERS: broker.brokers.join(','),
        KAFKA_TOPIC_PARTITIONS: '2',
      });
      const producer = await AgencyProducer.connect('chaos-agency', connection);
      try {
        await service.ready();
        const sent = reports('broker', 3000);
        const publishing = publish(producer, topic, sent, 300);
        await waitFor(async () => ((await storedCount(db)) > 200 ? true : undefined), 60_000, 'the intake to be busy');
        broker.stop();
        await new Promise((r) => setTimeout(r, 20_000));
        broker.start();
        const restartedAt = Date.now();
        await publishing;
        await caughtUp(connection, `${prefix}indicators-intake`, topic, 180_000);
        const catchUpMs = Date.now() - restartedAt;
        process.stdout.write(`chaos (a): caught up ${catchUpMs} ms after the broker came back\n`);

        await expectExactlyOnce(db, sent);
        await expectNoDeadLetters(topic, connection);
        expect(recomputeDifferences(database)).toBe(0);
      } finally {
        await producer.close();
        await service.stop('SIGKILL');
        broker.remove();
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    '(b) the service’s PostgreSQL connections terminated again and again mid-batch',
    async () => {
      const topic = `${prefix}dx.agency.${AGENCY}.indicator-values`;
      const service = startIndicators(database, prefix, await freePort(), { KAFKA_TOPIC_PARTITIONS: '2' });
      const producer = await AgencyProducer.connect('chaos-agency');
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      try {
        await service.ready();
        const sent = reports('terminate', 6000);
        await publish(producer, topic, sent);
        await waitFor(async () => ((await storedCount(db)) > 500 ? true : undefined), 60_000, 'the intake to be busy');
        let terminated = 0;
        for (let round = 0; round < 12; round++) {
          const { rows } = await admin.query<{ n: number }>(
            `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'dxhub-indicators' AND pid <> pg_backend_pid()`,
          );
          terminated += rows[0].n;
          await new Promise((r) => setTimeout(r, 400));
        }
        expect(terminated).toBeGreaterThan(0);
        await caughtUp(undefined, `${prefix}indicators-intake`, topic, 180_000);

        await expectExactlyOnce(db, sent);
        await expectNoDeadLetters(topic);
        expect(recomputeDifferences(database)).toBe(0);
        // The service lived through it: still ready.
        expect((await fetch(`http://127.0.0.1:${service.port}/health/ready`)).status).toBe(200);
      } finally {
        await admin.end();
        await producer.close();
        await service.stop('SIGKILL');
        await deleteTopicsWithPrefix(prefix);
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    '(c) two replicas in one group, one killed with SIGKILL mid-stream',
    async () => {
      const topic = `${prefix}dx.agency.${AGENCY}.indicator-values`;
      const settings = { KAFKA_TOPIC_PARTITIONS: '4' };
      const first = startIndicators(database, prefix, await freePort(), settings);
      await first.ready();
      const second = startIndicators(database, prefix, await freePort(), settings);
      const producer = await AgencyProducer.connect('chaos-agency');
      try {
        await second.ready();
        const sent = reports('replicas', 6000);
        await publish(producer, topic, sent);
        await waitFor(async () => ((await storedCount(db)) > 800 ? true : undefined), 60_000, 'the intake to be busy');
        await first.stop('SIGKILL');
        await caughtUp(undefined, `${prefix}indicators-intake`, topic, 180_000);

        await expectExactlyOnce(db, sent);
        await expectNoDeadLetters(topic);
        expect(recomputeDifferences(database)).toBe(0);
      } finally {
        await producer.close();
        await first.stop('SIGKILL');
        await second.stop('SIGKILL');
        await deleteTopicsWithPrefix(prefix);
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    '(d) two replicas’ outbox relays at once publish every event once',
    async () => {
      const topic = `${prefix}dx.agency.${AGENCY}.indicator-values`;
      const settings = { KAFKA_TOPIC_PARTITIONS: '2' };
      const replicas = [
        startIndicators(database, prefix, await freePort(), settings),
        startIndicators(database, prefix, await freePort(), settings),
      ];
      const producer = await AgencyProducer.connect('chaos-agency');
      try {
        await Promise.all(replicas.map((r) => r.ready()));
        const sent = reports('relays', 3000);
        await publish(producer, topic, sent);
        await caughtUp(undefined, `${prefix}indicators-intake`, topic, 180_000);
        await expectExactlyOnce(db, sent);
        await expectNoDeadLetters(topic);
        expect(recomputeDifferences(database)).toBe(0);

        // Every event the outbox holds, by id, once on dx.indicators.events: none lost, none twice.
        await waitFor(
          async () => {
            const { rows } = await db.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM indicators.outbox WHERE published_at IS NULL',
            );
            return rows[0].n === 0 ? true : undefined;
          },
          60_000,
          'the outbox to drain',
        );
        const { rows } = await db.query<{ id: string }>(
          `SELECT CASE WHEN fan_out THEN e->>'id' ELSE event_id END AS id
         FROM indicators.outbox LEFT JOIN LATERAL json_array_elements(CASE WHEN fan_out THEN payload END) e ON true`,
        );
        const expected = rows.map((r) => r.id).sort();
        const published = await readTopicToEnd(`${prefix}dx.indicators.events`);
        const ids = published.map((r) => r.headers.ce_id).sort();
        expect(ids.length).toBe(new Set(ids).size);
        expect(ids).toEqual(expected);
      } finally {
        await producer.close();
        await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
        await deleteTopicsWithPrefix(prefix);
      }
    },
    CASE_TIMEOUT_MS,
  );
});
