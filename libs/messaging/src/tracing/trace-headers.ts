import {
  type Context,
  isSpanContextValid,
  ROOT_CONTEXT,
  type SpanContext,
  trace,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/*
 * W3C trace context in Kafka records, as the CloudEvents distributed-tracing extension carries it in binary
 * mode: `ce_traceparent`, and `ce_tracestate` when there is one. Always W3C, whatever OTEL_PROPAGATORS says:
 * the extension is defined as W3C Trace Context, and agencies' clients write it as such.
 */

export const TraceHeaders = {
  TRACEPARENT: 'ce_traceparent',
  TRACESTATE: 'ce_tracestate',
} as const;

const w3c = new W3CTraceContextPropagator();

/** The propagator's `traceparent`/`tracestate` keys, read from and written to the `ce_` headers. */
const getter: TextMapGetter<Record<string, string | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[`ce_${key}`] ?? undefined,
};
const setter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[`ce_${key}`] = value;
  },
};

/**
 * The remote span context a record's headers carry, or undefined when there is none or it is malformed (W3C
 * says to ignore a traceparent that does not parse: the event is not refused for it, it starts a new trace).
 */
export function spanContextOfHeaders(headers: Record<string, string | undefined>): SpanContext | undefined {
  if (!headers[TraceHeaders.TRACEPARENT]) return undefined;
  const context = trace.getSpanContext(w3c.extract(ROOT_CONTEXT, headers, getter));
  return context && isSpanContextValid(context) ? context : undefined;
}

/** The context a record's headers carry (a remote parent), or undefined. */
export function contextOfHeaders(headers: Record<string, string | undefined>): Context | undefined {
  const spanContext = spanContextOfHeaders(headers);
  return spanContext ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : undefined;
}

/** The `ce_traceparent` (and `ce_tracestate`) headers of a span context; none for an invalid one. */
export function traceHeadersOf(spanContext: SpanContext): Record<string, string> {
  const headers: Record<string, string> = {};
  if (isSpanContextValid(spanContext)) w3c.inject(trace.setSpanContext(ROOT_CONTEXT, spanContext), headers, setter);
  return headers;
}

/** The context an outbox row stored (its `traceparent`/`tracestate` columns), or undefined. */
export function contextOfStored(
  traceparent: string | null | undefined,
  tracestate?: string | null,
): Context | undefined {
  if (!traceparent) return undefined;
  return contextOfHeaders({
    [TraceHeaders.TRACEPARENT]: traceparent,
    [TraceHeaders.TRACESTATE]: tracestate ?? undefined,
  });
}
