import { trace, type Tracer } from '@opentelemetry/api';

let cached: Tracer | undefined;

/** The messaging lib's tracer (asked for once tracing is on: the provider is registered before any event). */
export function messagingTracer(): Tracer {
  cached ??= trace.getTracer('@dxhub/messaging');
  return cached;
}
