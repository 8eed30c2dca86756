import { type DynamicModule, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@dxhub/observability';
import { DataSource, type MixedList } from 'typeorm';
import { DatabaseConfig } from './database.config';
import { pingDatabase } from './database-session.repository';
import { ensureDatabaseExists } from './ensure-database';
import { runMigrationsLocked } from './migration-runner';
import { createServiceDataSource } from './service-data-source';

export interface DatabaseModuleOptions {
  schema: string;
  migrations: MixedList<new () => unknown>;
  entities?: MixedList<new () => unknown>;
  applicationName: string;
  /** Settings every session of the pool starts with (see createServiceDataSource). */
  sessionSettings?: Record<string, string>;
}

/**
 * The service's DataSource, connected and migrated before anything that injects it is built.
 * Registers a readiness check and closes the pool last on shutdown.
 */
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forService(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          inject: [DatabaseConfig, HealthRegistry],
          useFactory: async (config: DatabaseConfig, health: HealthRegistry) => {
            const logger = new Logger(DatabaseModule.name);
            if (config.DATABASE_CREATE_IF_MISSING && (await ensureDatabaseExists(config.DATABASE_URL))) {
              logger.log({ msg: 'created the database' });
            }
            const dataSource = createServiceDataSource({
              ...options,
              url: config.DATABASE_URL,
              poolSize: config.DATABASE_POOL_SIZE,
            });
            await dataSource.initialize();
            const applied = await runMigrationsLocked(dataSource, options.schema);
            logger.log({ msg: 'database ready', schema: options.schema, migrationsApplied: applied });
            health.register({ name: 'database', check: () => pingDatabase(dataSource) });
            return dataSource;
          },
        },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
      this.logger.log({ msg: 'database pool closed' });
    }
  }
}
