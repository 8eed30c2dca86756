export * from './health.registry';
export * from './logger-options';
export * from './metrics';
export * from './observability.module';
export { tracingStarted } from './tracing-shutdown';
