import {
  KafkaConfig,
  KafkaGateway,
  readGroupHealth,
  readRecords,
  REDRIVE_GROUP,
  REDRIVEN_FROM_HEADER,
  redriveDeadLetters,
  rewindGroup,
} from '@dxhub/messaging';
import { deleteTopicsWithPrefix, testKafkaBrokers, uniqueTopicPrefix } from '@dxhub/testing';
import { randomUUID } from 'node:crypto';

/*
 * The operators' Kafka tools against the real broker, through the messaging lib's gateway as they run:
 * `npm run dlq:redrive` sends dead letters back where they came from, once, and `npm run kafka:groups`
 * reads a group's position and lag. Two partitions, seven dead letters; about 20 s.
 */
const TOPIC = 'dx.agency.STTTT.indicator-values';
const DLQ = `${TOPIC}.dlq`;

describe('operators’ Kafka tools (dead-letter re-drive, consumer group health)', () => {
  const prefix = uniqueTopicPrefix('ops');
  const config = Object.assign(new KafkaConfig(), {
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_TOPIC_PARTITIONS: 2,
  });
  const gateway = new KafkaGateway(config, 'ops-test');

  const deadLetter = (reason: string, n: number) => {
    const id = randomUUID();
    return {
      id,
      message: {
        key: `IND_${n}`,
        value: JSON.stringify({ indicatorCode: `IND_${n}`, orgUnitCode: '999', period: '2024S2', value: n }),
        headers: {
          ce_specversion: '1.0',
          ce_id: id,
          ce_source: '/agencies/STTTT',
          ce_type: 'dx.indicator-value.reported',
          'content-type': 'application/json',
          dx_dlq_reason: reason,
          dx_dlq_original_topic: TOPIC,
          dx_dlq_original_partition: '0',
          dx_dlq_original_offset: String(n),
          dx_dlq_consumer_group: 'indicators-intake',
          dx_dlq_failed_at: new Date().toISOString(),
        },
      },
    };
  };
  const sendDeadLetters = async (letters: ReturnType<typeof deadLetter>[]) => {
    await gateway.send(letters.map((l) => ({ topic: DLQ, record: l.message })));
  };

  /** Every record on the topic now. */
  const readAll = async (topic: string) =>
    (await readRecords(gateway, topic, { toEnd: true, timeoutMs: 30000 })).map((r) => ({
      key: String(r.key),
      headers: r.headers,
    }));

  const unknownUnit = [1, 2, 3].map((n) => deadLetter('org unit 999 does not exist at the end of 2024S2', n));
  const invalid = [4, 5].map((n) =>
    deadLetter('invalid dx.indicator-value.reported payload: value must be a number', n),
  );

  beforeAll(async () => {
    await gateway.ensureTopics([TOPIC, DLQ]);
    await sendDeadLetters([...unknownUnit, ...invalid]);
  });

  afterAll(async () => {
    await gateway.close();
    await deleteTopicsWithPrefix(prefix);
  });

  it('a dry run counts by reason and sends nothing', async () => {
    const report = await redriveDeadLetters(gateway, { topic: TOPIC, dryRun: true });
    expect(report).toMatchObject({ deadLetterTopic: DLQ, target: TOPIC, read: 5, redriven: 0, passedOver: 0 });
    expect(report.reasons).toEqual({
      'org unit 999 does not exist at the end of 2024S2': 3,
      'invalid dx.indicator-value.reported payload: value must be a number': 2,
    });
    expect(await readAll(TOPIC)).toEqual([]);
  });

  it('re-drives the records of one reason as they were sent, with where they came from, and remembers it', async () => {
    const report = await redriveDeadLetters(gateway, { topic: DLQ, reason: 'does not exist' });
    expect(report).toMatchObject({ read: 5, redriven: 3, passedOver: 2 });
    const back = await readAll(TOPIC);
    expect(back.map((r) => r.headers.ce_id).sort()).toEqual(unknownUnit.map((l) => l.id).sort());
    for (const r of back) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('dx_dlq_'))).toEqual([]);
      expect(r.headers[REDRIVEN_FROM_HEADER]).toMatch(new RegExp(`^${DLQ.replace(/\./g, '\\.')}/[01]/\\d+$`));
      expect(r.headers).toMatchObject({ ce_source: '/agencies/STTTT', ce_type: 'dx.indicator-value.reported' });
    }
    expect(back.map((r) => r.key).sort()).toEqual(['IND_1', 'IND_2', 'IND_3']);

    // Nothing new since: the next run reads nothing and sends nothing again.
    expect(await redriveDeadLetters(gateway, { topic: TOPIC })).toMatchObject({ read: 0, redriven: 0 });
  });

  it('reads the re-drive group’s position and lag, which a new dead letter moves, and the next run takes only it', async () => {
    const [before] = await readGroupHealth(gateway, [REDRIVE_GROUP]);
    expect(before).toMatchObject({ groupId: REDRIVE_GROUP, state: 'Empty', totalLag: 0 });
    expect(before.partitions.map((p) => p.topic)).toEqual([DLQ, DLQ]);
    expect(before.partitions.reduce((n, p) => n + Number(p.end), 0)).toBe(5);

    const late = deadLetter('org unit 999 does not exist at the end of 2024S2', 6);
    await sendDeadLetters([late]);
    const [after] = await readGroupHealth(gateway, [REDRIVE_GROUP]);
    expect(after.totalLag).toBe(1);

    expect(await redriveDeadLetters(gateway, { topic: TOPIC })).toMatchObject({ read: 1, redriven: 1 });
    expect((await readAll(TOPIC)).map((r) => r.headers.ce_id)).toContain(late.id);
    expect((await readGroupHealth(gateway, [REDRIVE_GROUP]))[0].totalLag).toBe(0);
    // --from-beginning reads every dead letter again (a dry run here: consumers would count each once anyway).
    expect(await redriveDeadLetters(gateway, { topic: TOPIC, dryRun: true, fromBeginning: true })).toMatchObject({
      read: 6,
    });
  });

  it('rewinds a stopped group to the start of its topics, or to a time', async () => {
    const afterAll = new Date(Date.now() + 1000);
    await rewindGroup(gateway, REDRIVE_GROUP, 'earliest');
    expect((await readGroupHealth(gateway, [REDRIVE_GROUP]))[0].totalLag).toBe(6);
    await rewindGroup(gateway, REDRIVE_GROUP, afterAll);
    expect((await readGroupHealth(gateway, [REDRIVE_GROUP]))[0].totalLag).toBe(0);
    await expect(rewindGroup(gateway, `never-joined-${randomUUID()}`, 'earliest')).rejects.toThrow(
      /has no committed offsets/,
    );
  });
});
