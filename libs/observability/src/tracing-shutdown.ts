/*
 * The tracer provider's flush-and-stop, registered by startTracing (@dxhub/observability/tracing) and called by
 * ObservabilityModule when the app shuts down. Kept apart from the SDK so the main entry never loads it.
 */
let shutdown: (() => Promise<void>) | undefined;

export function onTracingShutdown(stop: () => Promise<void>): void {
  shutdown = stop;
}

/** Exports the spans still buffered and stops the provider; nothing when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  const stop = shutdown;
  shutdown = undefined;
  await stop?.();
}
