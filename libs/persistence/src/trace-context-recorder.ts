import { isSpanContextValid, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { tracingStarted } from '@dxhub/observability';
import { type EntitySubscriberInterface, EventSubscriber, type TransactionStartEvent } from 'typeorm';
import { setTransactionSettings } from './database-session.repository';

/** The transaction-local settings a transaction's trace context is recorded in; the outbox columns default to them. */
export const TraceContextSettings = {
  TRACEPARENT: 'dxhub.traceparent',
  TRACESTATE: 'dxhub.tracestate',
} as const;

const w3c = new W3CTraceContextPropagator();

/**
 * Records the trace context a transaction starts in (an HTTP request's, a consumed event's) as transaction-local
 * settings, which the outbox's trace columns default to (addOutboxTraceContextV4): whatever statement writes an
 * outbox row, the row keeps the trace that caused it. One statement per transaction, and only inside a traced
 * operation with tracing on; nothing otherwise.
 */
@EventSubscriber()
export class TraceContextRecorder implements EntitySubscriberInterface {
  afterTransactionStart(event: TransactionStartEvent): Promise<unknown> | void {
    if (!tracingStarted()) return;
    const span = trace.getActiveSpan();
    if (!span || !isSpanContextValid(span.spanContext())) return;
    const carrier: Record<string, string> = {};
    w3c.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, { set: (c, k, v) => (c[k] = v) });
    return setTransactionSettings(event.queryRunner, [
      [TraceContextSettings.TRACEPARENT, carrier.traceparent ?? ''],
      [TraceContextSettings.TRACESTATE, carrier.tracestate ?? ''],
    ]);
  }
}
