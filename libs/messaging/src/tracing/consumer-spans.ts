import { context, type Link, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingStarted } from '@dxhub/observability';
import type { InboundEvent } from '../inbound/inbound-event';
import type { RawRecord } from '../inbound/raw-record';
import { spanContextOfHeaders } from './trace-headers';
import { messagingTracer } from './tracer';

/*
 * The inbound pipeline's spans, after the OpenTelemetry messaging conventions for batch consumers: a `receive`
 * span for the consumed batch; for each record that carries a trace (ce_traceparent) a `process` span continuing
 * it, linked from the batch span (up to 128 links); and for each transaction an `apply events` span under its
 * first event's span, linked to the others' — so an event and what its transaction wrote (the outbox rows keep
 * the transaction's context) stay one trace, however many events the transaction took.
 *
 * A record without trace context is traced as part of its batch: the batch span is the new trace it is in, and
 * it gets no span of its own. A span per record costs some 40 µs of the service's CPU per event (the tracing
 * bench; a quarter of what it spends on an event), which would buy one-span traces nobody follows: what the
 * agency did not trace, the batch's trace shows well enough. Nothing of this runs when tracing is off.
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

  /** The span an event about to be applied is processed in: its own `process` span, or the batch's. */
  event(event: InboundEvent): void {
    eventSpans.set(event, this.recordSpan(event.record, event.offset, event.event.id) ?? this.span);
  }

  /** A record refused before it was applied: its `process` span ends with the reason, or the batch span notes it. */
  refused(record: RawRecord, offset: string, code: string, message: string): void {
    const span = this.recordSpan(record, offset, record.headers.ce_id);
    if (span) failed(span, code, message);
    else this.span.addEvent('record refused', { 'messaging.kafka.offset': Number(offset), 'dx.rejection.code': code });
  }

  /** An event the applier gave up (dead-lettered): its span gets the reason, or the batch span notes it. */
  failed(event: InboundEvent, code: string, message: string): void {
    const span = eventSpans.get(event);
    if (span && span !== this.span) failed(span, code, message);
    else this.span.addEvent('event failed', { 'messaging.message.id': event.event.id, 'dx.rejection.code': code });
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
   * The `process` span of a record that carries a trace: a child of the record's context (the batch span links
   * to it); undefined for a record without one. It carries only the record's own attributes (its id and offset):
   * the topic, partition and group are the batch span's. Each of these costs per event, so they stay lean.
   */
  private recordSpan(record: RawRecord, offset: string, id: string | undefined): Span | undefined {
    const parent = spanContextOfHeaders(record.headers);
    if (!parent) return undefined;
    const attributes: Record<string, string | number> = { 'messaging.kafka.offset': Number(offset) };
    if (id !== undefined) attributes['messaging.message.id'] = id;
    const span = messagingTracer().startSpan(
      `process ${this.topic}`,
      { kind: SpanKind.CONSUMER, attributes },
      trace.setSpanContext(ROOT_CONTEXT, parent),
    );
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
 * Runs one transaction of the pipeline in its span: a child of its first event's span (its `process` span, or
 * its batch's), linked to the other events' spans. The transaction records the span's context for the outbox rows it writes
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
