import 'reflect-metadata';
import { loadConfig } from '@dxhub/config';
import { EVENT_CATALOG, EventTypes } from '@dxhub/contracts';
import { appendFanOutToOutbox, appendToOutbox, KafkaConfig, KafkaGateway, OutboxRelay } from '@dxhub/messaging';
import { onTracingShutdown, shutdownTracing } from '@dxhub/observability';
import {
  addOutboxFanOutV2,
  addOutboxTraceContextV4,
  createOutboxTableV1,
  createServiceDataSource,
} from '@dxhub/persistence';
import {
  createTestDatabase,
  deleteTopicsWithPrefix,
  readTopic,
  type TestDatabase,
  testKafkaBrokers,
  uniqueTopicPrefix,
} from '@dxhub/testing';
import { context, createTraceState, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { DataSource } from 'typeorm';

/*
 * The outbox keeps the trace context of the transaction that wrote each row, whatever statement wrote it, and
 * the relay publishes the row's events in that trace: a `publish` span under the writer's span, and the span's
 * context in ce_traceparent/ce_tracestate. Tracing on in this process (its spans kept in memory); the outbox
 * table is migrated with rows in it, as an existing database is.
 */
const TYPE = EventTypes.TASK_PROGRESS_UPDATED;
const TOPIC = 'dx.tasks.events';
const EXAMPLE = EVENT_CATALOG[TYPE].example;

describe('outbox trace context (PostgreSQL + Kafka, tracing on)', () => {
  const exporter = new InMemorySpanExporter();
  let database: TestDatabase;
  let dataSource: DataSource;
  let gateway: KafkaGateway;
  const prefix = uniqueTopicPrefix('otrace');
  const tracer = () => trace.getTracer('outbox-trace-context-test');
  const single = (id: string) => ({
    key: id,
    id,
    type: TYPE,
    source: '/services/test',
    time: new Date().toISOString(),
    payload: { ...EXAMPLE, code: id },
  });
  const stored = async (id: string) =>
    (
      (await dataSource.query(`SELECT traceparent, tracestate FROM outbox WHERE event_id = $1`, [id])) as {
        traceparent: string | null;
        tracestate: string | null;
      }[]
    )[0];

  beforeAll(async () => {
    // The SDK as startTracing sets it up, keeping the spans here (the OTLP exporter does not load under jest).
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.register();
    onTracingShutdown(() => provider.shutdown());
    database = await createTestDatabase('otrace');
    dataSource = await createServiceDataSource({
      url: database.url,
      schema: 'public',
      migrations: [],
      applicationName: 'outbox-trace-test',
    }).initialize();
    const runner = dataSource.createQueryRunner();
    await createOutboxTableV1(runner, 'public');
    await addOutboxFanOutV2(runner, 'public');
    await runner.release();
    // A row from before the migration: it has no trace context, and is published all the same.
    await dataSource.transaction((m) => appendToOutbox(m, [single('before-migration')]));
    const migration = dataSource.createQueryRunner();
    await addOutboxTraceContextV4(migration, 'public');
    await migration.release();
    gateway = new KafkaGateway(
      loadConfig(KafkaConfig, {
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_TOPIC_PARTITIONS: '1',
      }),
      'test-outbox-trace',
    );
    await gateway.ensureTopics([TOPIC]);
  });

  afterAll(async () => {
    await shutdownTracing();
    await gateway?.close();
    await dataSource?.destroy();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('stores the writer’s trace context with each row and publishes the row’s events in it', async () => {
    // An operation continuing a remote parent with a tracestate, as a consumed event or an HTTP request does.
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      spanId: '1122334455667788',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
      traceState: createTraceState('stttt=gateway'),
    });
    const writer = tracer().startSpan('write', {}, remote);
    const { traceId, spanId } = writer.spanContext();
    await context.with(trace.setSpan(remote, writer), async () => {
      await dataSource.transaction((m) => appendToOutbox(m, [single('traced-single')]));
      await dataSource.transaction((m) =>
        appendFanOutToOutbox(m, {
          type: TYPE,
          source: '/services/test',
          events: ['traced-fan-1', 'traced-fan-2'].map((id) => ({
            key: id,
            id,
            time: new Date().toISOString(),
            payload: { ...EXAMPLE, code: id },
          })),
        }),
      );
    });
    writer.end();
    // Outside any traced operation: nothing is stored.
    await dataSource.transaction((m) => appendToOutbox(m, [single('untraced')]));

    expect(await stored('traced-single')).toEqual({
      traceparent: `00-${traceId}-${spanId}-01`,
      tracestate: 'stttt=gateway',
    });
    expect(await stored('untraced')).toEqual({ traceparent: null, tracestate: null });
    expect(await stored('before-migration')).toEqual({ traceparent: null, tracestate: null });

    expect(await new OutboxRelay(dataSource, gateway).publishOnce()).toBe(5);
    const records = await readTopic(gateway.physical(TOPIC), 5, 60000);
    const byId = new Map(records.map((r) => [r.headers.ce_id, r.headers]));
    expect([...byId.keys()].sort()).toEqual(
      ['before-migration', 'traced-fan-1', 'traced-fan-2', 'traced-single', 'untraced'].sort(),
    );
    const parts = (id: string) => byId.get(id)!.ce_traceparent.split('-');
    for (const id of ['traced-single', 'traced-fan-1', 'traced-fan-2']) {
      expect({ id, traceId: parts(id)[1], tracestate: byId.get(id)!.ce_tracestate }).toEqual({
        id,
        traceId,
        tracestate: 'stttt=gateway',
      });
    }
    // The events of one fan-out row share its publish span; each row has its own.
    expect(parts('traced-fan-1')[2]).toBe(parts('traced-fan-2')[2]);
    expect(parts('traced-fan-1')[2]).not.toBe(parts('traced-single')[2]);
    // Rows written outside a trace are published in a new one each, with no tracestate.
    for (const id of ['untraced', 'before-migration']) {
      expect(parts(id)[1]).not.toBe(traceId);
      expect(byId.get(id)!.ce_tracestate).toBeUndefined();
    }

    // The publish spans: under the writer's span, or roots.
    const publishes = exporter.getFinishedSpans().filter((s) => s.name === `publish ${TOPIC}`);
    expect(publishes).toHaveLength(4);
    const spanOf = (id: string) => publishes.find((s) => s.spanContext().spanId === parts(id)[2])!;
    for (const id of ['traced-single', 'traced-fan-1']) {
      expect(spanOf(id).spanContext().traceId).toBe(traceId);
      expect(spanOf(id).parentSpanContext?.spanId).toBe(spanId);
      expect(spanOf(id).kind).toBe(SpanKind.PRODUCER);
    }
    expect(spanOf('traced-fan-1').attributes['messaging.batch.message_count']).toBe(2);
    for (const id of ['untraced', 'before-migration']) expect(spanOf(id).parentSpanContext).toBeUndefined();
  });
});
