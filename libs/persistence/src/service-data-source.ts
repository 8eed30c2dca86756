import { DataSource, type MixedList } from 'typeorm';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own schema; nothing else is read or written. */
  schema: string;
  migrations: MixedList<new () => unknown>;
  entities?: MixedList<new () => unknown>;
  poolSize?: number;
  applicationName: string;
}

/** A TypeORM data source confined to one service's schema; never synchronises, migrations only. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      // Every session of the service sees only its own schema unless a query names another.
      options: `-c search_path=${options.schema}`,
      client_encoding: 'UTF8',
    },
  });
}
