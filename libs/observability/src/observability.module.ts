import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpConfig } from '@dxhub/config';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { loggerOptions } from './logger-options';
import { shutdownTracing } from './tracing-shutdown';

let defaultMetricsStarted = false;

/**
 * JSON logs (pino), Prometheus metrics at /metrics, and /health/live and /health/ready for one service.
 * Needs HttpConfig from the ConfigModule.
 */
@Module({})
export class ObservabilityModule implements NestModule, OnApplicationShutdown {
  static forService(service: string): DynamicModule {
    // Every series carries the service's name, whatever scrapes it (PodMonitor, compose, a local Prometheus):
    // the dashboard and the alert rules group by it.
    register.setDefaultLabels({ service });
    if (!defaultMetricsStarted) {
      collectDefaultMetrics();
      defaultMetricsStarted = true;
    }
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        LoggerModule.forRootAsync({
          inject: [HttpConfig],
          // Synchronous writes: the last lines of a shutdown reach stdout before the process exits.
          useFactory: (http: HttpConfig) => ({
            pinoHttp: [loggerOptions(service, http.LOG_LEVEL), destination({ dest: 1, sync: true })],
          }),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [HealthRegistry],
      exports: [HealthRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }

  /** Exports the spans still buffered (when tracing is on) before the process exits. */
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }
}
