/*
 * The tracer provider's flush-and-stop, registered by startTracing (@dxhub/observability/tracing) and called by
 * ObservabilityModule when the app shuts down. Kept apart from the SDK so the main entry never loads it; its
 * registration also says that tracing is on (tracingStarted), for the code that does per-event tracing work.
 */
let shutdown: (() => Promise<void>) | undefined;

export function onTracingShutdown(stop: () => Promise<void>): void {
  shutdown = stop;
}

/**
 * Whether this process started the OpenTelemetry SDK. Off, the messaging pipeline skips its tracing work
 * altogether (no header parsing, no spans, no trace context stored with outbox rows): the API's no-ops
 * alone would still cost a little per event.
 */
export function tracingStarted(): boolean {
  return shutdown !== undefined;
}

/** Exports the spans still buffered and stops the provider; nothing when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  const stop = shutdown;
  shutdown = undefined;
  await stop?.();
}
