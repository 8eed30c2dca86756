export * from './health.registry';
export * from './logger-options';
export * from './metrics';
export * from './observability.module';
export { onTracingShutdown, shutdownTracing, tracingStarted } from './tracing-shutdown';
