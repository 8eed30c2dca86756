import { context, type Link, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingStarted } from '@dxhub/observability';
import type { InboundEvent } from '../inbound/inbound-event';
import type { RawRecord } from '../inbound/raw-record';
import { spanContextOfHeaders } from './trace-headers';
import { messagingTracer } from './tracer';

/*
 * The inbound pipeline's spans, after the OpenTelemetry messaging conventions for batch consumers: a `receive`
 * span for the consumed batch, linked to its records' spans (up to 128); for each record a `process` span that
 * continues the record's trace (its ce_traceparent) or, without one, starts a new trace; and for each
 * transaction a span under its first event's `process` span, linked to the others' — so an event and what its
 * transaction wrote (the outbox rows keep the transaction's context) stay one trace, however many events the
 * transaction took. Nothing of this runs when tracing is off.
 */

/** Links a span keeps at most (the SDK's default limit; more would be dropped anyway). */
const MAX_LINKS = 128;

const eventSpans = new WeakMap<InboundEvent, Span>();

function messagingAttributes(topic: string, partition: number, group: string) {
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.destination.partition.id': String(partition),
    'messaging.consumer.group.name': group,
  };
}

/** The spans of one consumed batch, when tracing is on (batchTrace returns undefined otherwise). */
export class BatchTrace {
  readonly span: Span;
  private readonly records: Span[] = [];
  private links = 0;

  constructor(
    private readonly topic: string,
    private readonly partition: number,
    private readonly group: string,
    size: number,
  ) {
    this.span = messagingTracer().startSpan(`receive ${topic}`, {
      kind: SpanKind.CONSUMER,
      root: true,
      attributes: {
        ...messagingAttributes(topic, partition, group),
        'messaging.operation.type': 'receive',
        'messaging.batch.message_count': size,
      },
    });
  }

  /** Runs `work` with the batch span active (its log lines carry the batch's trace id). */
  within<R>(work: () => Promise<R>): Promise<R> {
    return context.with(trace.setSpan(ROOT_CONTEXT, this.span), work);
  }

  /** Starts the `process` span of an event about to be applied. */
  event(event: InboundEvent): void {
    eventSpans.set(event, this.recordSpan(event.record, event.offset, event.event.id));
  }

  /** A record refused before it was applied: its `process` span, ended with the reason. */
  refused(record: RawRecord, offset: string, code: string, message: string): void {
    failed(this.recordSpan(record, offset, record.headers.ce_id), code, message);
  }

  /** An event the applier gave up (dead-lettered): its span gets the reason. */
  failed(event: InboundEvent, code: string, message: string): void {
    const span = eventSpans.get(event);
    if (span) failed(span, code, message);
  }

  /** Ends every span of the batch; `error` when the batch was put back to be retried. */
  end(error?: unknown): void {
    for (const span of [...this.records, this.span]) {
      if (error !== undefined) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'batch put back to be retried' });
        if (span === this.span) span.recordException(error as Error);
      }
      span.end();
    }
  }

  /**
   * A record's `process` span. It carries only the record's own attributes (its id and offset): the topic,
   * partition and group are its batch span's, linked. A span per event is the bulk of what tracing costs the
   * intake, so it is kept lean.
   */
  private recordSpan(record: RawRecord, offset: string, id: string | undefined): Span {
    const parent = spanContextOfHeaders(record.headers);
    const attributes: Record<string, string | number> = { 'messaging.kafka.offset': Number(offset) };
    if (id !== undefined) attributes['messaging.message.id'] = id;
    const options = {
      kind: SpanKind.CONSUMER,
      attributes,
      links: [{ context: this.span.spanContext() }],
    };
    const span = parent
      ? messagingTracer().startSpan(`process ${this.topic}`, options, trace.setSpanContext(ROOT_CONTEXT, parent))
      : messagingTracer().startSpan(`process ${this.topic}`, { ...options, root: true });
    if (this.links < MAX_LINKS) {
      this.span.addLink({ context: span.spanContext() });
      this.links++;
    }
    this.records.push(span);
    return span;
  }
}

function failed(span: Span, code: string, message: string): void {
  span.setAttribute('dx.rejection.code', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** The spans of a batch about to be processed, or undefined when tracing is off. */
export function batchTrace(topic: string, partition: number, group: string, size: number): BatchTrace | undefined {
  return tracingStarted() ? new BatchTrace(topic, partition, group, size) : undefined;
}

/**
 * Runs one transaction of the pipeline in its span: a child of its first event's `process` span, linked to
 * the other events' spans. The transaction records the span's context for the outbox rows it writes
 * (TraceContextRecorder), and its queries are the span's children.
 */
export async function inTransactionSpan<R>(events: readonly InboundEvent[], work: () => Promise<R>): Promise<R> {
  if (!tracingStarted() || events.length === 0) return work();
  const spans = events.map((e) => eventSpans.get(e));
  const [first] = spans;
  const links: Link[] = [];
  for (const span of new Set(spans.slice(1))) {
    if (!span || span === first) continue;
    if (links.length >= MAX_LINKS) break;
    links.push({ context: span.spanContext() });
  }
  const parent = first ? trace.setSpan(ROOT_CONTEXT, first) : context.active();
  const span = messagingTracer().startSpan(
    'apply events',
    { kind: SpanKind.INTERNAL, attributes: { 'dx.events.count': events.length }, links },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    span.end();
  }
}
