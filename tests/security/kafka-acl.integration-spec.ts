import { loadConfig } from '@dxhub/config';
import {
  KafkaConfig,
  KafkaGateway,
  kafkaAccessPlan,
  probeConsume,
  probeProduce,
  provisionKafkaAcls,
} from '@dxhub/messaging';
import {
  AgencyProducer,
  agencyReportHeaders,
  createTestDatabase,
  deleteTopicsWithPrefix,
  freePort,
  readTopic,
  type SaslBroker,
  startSaslBroker,
  type TestDatabase,
  testKafkaConfig,
  type TestKafkaConnection,
  uniqueTopicPrefix,
  testAuthEnv,
  waitFor,
} from '@dxhub/testing';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/*
 * The production security profile, attacked: a broker of this test's own with SASL/SCRAM-SHA-512 and
 * deny-by-default ACLs (infra/kafka/kafka.sh, KAFKA_SECURITY=sasl), the ACLs the platform provisions
 * (kafkaAccessPlan), and clients holding one agency's credentials (the messaging lib's access probes). The indicators service
 * runs as a process with its own principal, as it is deployed.
 */

const ROOT = join(__dirname, '../..');
const AGENCY_CODES = (JSON.parse(readFileSync(join(ROOT, 'seeds/agencies.json'), 'utf8')) as { code: string }[]).map(
  (a) => a.code,
);

/** Agency A, the attacker, and agency B, whose traffic A would like to forge. */
const A = 'STTTT';
const B = 'SYT';

describe('Kafka SASL/SCRAM and ACLs: an agency can write only its own traffic', () => {
  let broker: SaslBroker;
  let prefix: string;
  let database: TestDatabase;
  let service: ChildProcess | undefined;
  let serviceOutput = '';

  const topic = (code: string, stream = 'indicator-values') => `${prefix}dx.agency.${code}.${stream}`;
  const asAgencyA = () => broker.as(`agency-${A.toLowerCase()}`);
  const report = (source: string, body: object, id: string = randomUUID()) => ({
    key: 'BTS_COUNT',
    value: JSON.stringify(body),
    headers: { ...agencyReportHeaders(A, id), ce_source: source },
  });

  beforeAll(async () => {
    broker = await startSaslBroker([`agency-${A.toLowerCase()}`, `agency-${B.toLowerCase()}`, 'svc-indicators']);
    prefix = uniqueTopicPrefix('acl');
    const admin = new KafkaGateway(
      loadConfig(KafkaConfig, {
        KAFKA_BROKERS: broker.brokers.join(','),
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'admin',
        KAFKA_SASL_PASSWORD: broker.adminPassword,
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '1',
      }),
      'test-acl-admin',
    );
    try {
      await provisionKafkaAcls(admin, kafkaAccessPlan({ topicPrefix: prefix, agencyCodes: AGENCY_CODES }));
    } finally {
      await admin.close();
    }

    // The indicators service, built as `npm start` builds it, with its own principal over SASL.
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
    database = await createTestDatabase('acl');
    const port = await freePort();
    service = spawn(process.execPath, [join(ROOT, 'dist/apps/indicators/src/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        TZ: 'UTC',
        ...testAuthEnv(),
        PORT: String(port),
        DATABASE_URL: database.url,
        KAFKA_BROKERS: broker.brokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '1',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'svc-indicators',
        KAFKA_SASL_PASSWORD: broker.passwords['svc-indicators'],
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout?.on('data', (chunk: Buffer) => (serviceOutput += chunk.toString()));
    service.stderr?.on('data', (chunk: Buffer) => (serviceOutput += chunk.toString()));
    await waitFor(
      async () => {
        if (service?.exitCode !== null) throw new Error(`the indicators service exited:\n${serviceOutput}`);
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
        return res?.ok ? true : undefined;
      },
      90000,
      'the indicators service (SASL as svc-indicators) to be ready',
    );
  });

  afterAll(async () => {
    if (service && service.exitCode === null) {
      const exited = new Promise((resolve) => service?.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
    if (broker) {
      if (prefix) await deleteTopicsWithPrefix(prefix, broker.admin);
      broker.stop();
    }
  });

  it('runs the service over SASL as its own principal, not PLAINTEXT', () => {
    expect(serviceOutput).not.toMatch(/PLAINTEXT without authentication/);
    expect(serviceOutput).not.toMatch(/authoriz/i);
  });

  it('(a) lets agency A publish to its own topic', async () => {
    const producer = await AgencyProducer.connect('agency-a', asAgencyA());
    try {
      await expect(
        producer.send(topic(A), [
          report(`/agencies/${A}`, { indicatorCode: 'BTS_COUNT', orgUnitCode: '817', period: '2024S2', value: 1 }),
        ]),
      ).resolves.toBeUndefined();
    } finally {
      await producer.close();
    }
  });

  it('(b) refuses agency A on agency B’s topic, its own dead-letter topic and a service topic (TOPIC_AUTHORIZATION_FAILED)', async () => {
    for (const target of [topic(B), `${topic(A)}.dlq`, `${prefix}dx.indicators.events`]) {
      const error = await produceOnce(asAgencyA(), target);
      expect({ target, error }).toEqual({
        target,
        error: expect.stringMatching(/Topic authorization failed|TOPIC_AUTHORIZATION_FAILED/),
      });
    }
  });

  it('(c) lets agency A consume nothing: not its own topic, not another agency’s, not a service topic', async () => {
    const own = topic(A);
    const others = [topic(B), `${prefix}dx.indicators.events`];
    // Without a group of its own, the broker refuses the group; on others' topics it refuses even their metadata.
    expect(await consumeOnce(asAgencyA(), own)).toMatch(/GROUP_AUTHORIZATION_FAILED/);
    for (const target of others)
      expect({ target, outcome: await consumeOnce(asAgencyA(), target) }).toEqual({
        target,
        outcome: expect.stringMatching(/TOPIC_AUTHORIZATION_FAILED/),
      });

    // Given a consumer group (as a client that fetches without a group would not need), it still reads nothing:
    // the topic READ itself is refused.
    const admin = new KafkaGateway(testKafkaConfig(broker.admin), 'acl-admin', { level: 'nothing' });
    try {
      await provisionKafkaAcls(admin, [
        {
          principal: `User:agency-${A.toLowerCase()}`,
          resourceType: 'GROUP',
          patternType: 'PREFIXED',
          resourceName: 'acl-probe-',
          operation: 'READ',
          permission: 'ALLOW',
        },
      ]);
      await new Promise((r) => setTimeout(r, 500)); // ACLs reach the broker's authorizer through the metadata log
      for (const target of [own, ...others])
        expect({ target, outcome: await consumeOnce(asAgencyA(), target) }).toEqual({
          target,
          outcome: expect.stringMatching(/TOPIC_AUTHORIZATION_FAILED/),
        });
    } finally {
      await admin.close();
    }

    // The admin reads A's topic (it holds the record of (a)): the refusals above are the ACLs' doing.
    expect(await consumeOnce(broker.admin, own)).toBe('consumed');
  });

  it('(d) refuses a wrong password (SASL authentication failure)', async () => {
    const error = await produceOnce(broker.as(`agency-${A.toLowerCase()}`, 'not-the-password'), topic(A));
    expect(error).toMatch(/SASL SCRAM SHA512 authentication failed/);
  });

  it('(e) refuses a client without credentials (PLAINTEXT against the SASL listener)', async () => {
    const error = await produceOnce({ brokers: broker.brokers }, topic(A));
    // The broker answers ApiVersions before authentication, then drops a client that skips SASL.
    expect(error).toMatch(/KafkaJSConnectionClosedError Closed connection/);
  });

  it('(f) dead-letters a report A publishes claiming to be B, and counts the valid one beside it for A only', async () => {
    const forgedId = `forged-${randomUUID()}`;
    const validId = `valid-${randomUUID()}`;
    const producer = await AgencyProducer.connect('agency-a', asAgencyA());
    try {
      await producer.send(topic(A), [
        report(
          `/agencies/${B}`,
          { indicatorCode: 'BTS_COUNT', orgUnitCode: '816', period: '2024S2', value: 500 },
          forgedId,
        ),
        report(
          `/agencies/${A}`,
          { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S2', value: 7 },
          validId,
        ),
      ]);
    } finally {
      await producer.close();
    }

    const letters = await readTopic(`${topic(A)}.dlq`, 1, 60000, broker.admin);
    expect(letters.map((l) => l.headers.ce_id)).toEqual([forgedId]);
    expect(letters[0].headers.dx_dlq_reason).toBe(
      `ce_source '/agencies/${B}' does not match the topic's agency: expected '/agencies/${A}'`,
    );
    expect(letters[0].headers.dx_dlq_original_topic).toBe(`dx.agency.${A}.indicator-values`);
    // The service may write the agency's summary (svc-indicators holds WRITE on dx.rejections.events).
    const [summary] = await readTopic(`${prefix}dx.rejections.events`, 1, 60000, broker.admin);
    expect(JSON.parse(String(summary.value))).toMatchObject({ agency: A, count: 1, sampleEventIds: [forgedId] });

    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const reports = await waitFor(
        async () => {
          const { rows } = await db.query<{ event_id: string; agency_code: string; event_source: string }>(
            `SELECT event_id, agency_code, event_source FROM indicators.indicator_reports WHERE event_id = ANY($1) ORDER BY event_id`,
            [[forgedId, validId]],
          );
          return rows.length > 0 ? rows : undefined;
        },
        30000,
        'the valid report to be stored',
      );
      expect(reports).toEqual([{ event_id: validId, agency_code: A, event_source: `/agencies/${A}` }]);
      const { rows: forAgencyB } = await db.query(`SELECT 1 FROM indicators.indicator_reports WHERE agency_code = $1`, [
        B,
      ]);
      expect(forAgencyB).toEqual([]);
      const { rows: aggregates } = await db.query<{ code: string; sum: number }>(
        `SELECT o.code, a.value_sum::float8 AS sum FROM indicators.indicator_aggregates a JOIN indicators.org_units o ON o.id = a.org_unit_id
         WHERE a.indicator_code = 'BTS_COUNT' AND a.period = '2024S2' AND o.code IN ('815', '816') ORDER BY o.code`,
      );
      expect(aggregates).toEqual([{ code: '815', sum: 7 }]);
    } finally {
      await db.end();
    }
  });
});

/** Produces one record; resolves 'sent' or the error's message (with its cause's). */
function produceOnce(connection: TestKafkaConnection, topic: string): Promise<string> {
  return probeProduce(testKafkaConfig(connection), topic);
}

/** Consumes a topic from the beginning in a fresh group: 'consumed', or the error and the broker's refusals. */
function consumeOnce(connection: TestKafkaConnection, topic: string): Promise<string> {
  return probeConsume(testKafkaConfig(connection), topic, { groupPrefix: 'acl-probe-' });
}
