// Loaded first by main.ts: OpenTelemetry's instrumentations patch http, Express, NestJS and pg as they load.
import { startTracing } from '@dxhub/observability/tracing';

startTracing('reporting');
