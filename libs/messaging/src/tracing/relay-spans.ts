import { type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { tracingStarted } from '@dxhub/observability';
import { contextOfStored, traceHeadersOf } from './trace-headers';
import { messagingTracer } from './tracer';

/** What the relay knows of an outbox row when it publishes it. */
export interface PublishedRow {
  id: string;
  topic: string;
  event_type: string;
  traceparent?: string | null;
  tracestate?: string | null;
}

/**
 * The `publish` span of an outbox row: a child of the context the row was written in (a new trace when it was
 * written outside one), and the `ce_traceparent`/`ce_tracestate` headers its events go out with, so the
 * consumers continue the trace from this span. Undefined when tracing is off: the events carry no trace headers.
 */
export function publishSpan(
  row: PublishedRow,
  events: number,
): { span: Span; headers: Record<string, string> } | undefined {
  if (!tracingStarted()) return undefined;
  const parent = contextOfStored(row.traceparent, row.tracestate);
  const options = {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.destination.name': row.topic,
      'messaging.operation.type': 'send',
      'messaging.batch.message_count': events,
      'cloudevents.event_type': row.event_type,
      'dx.outbox.id': row.id,
    },
  };
  const span = parent
    ? messagingTracer().startSpan(`publish ${row.topic}`, options, parent)
    : messagingTracer().startSpan(`publish ${row.topic}`, { ...options, root: true });
  return { span, headers: traceHeadersOf(span.spanContext()) };
}

/** Ends the relay round's publish spans, failed when the round did not publish. */
export function endPublishSpans(spans: Span[], error?: unknown): void {
  for (const span of spans) {
    if (error !== undefined) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    }
    span.end();
  }
}
