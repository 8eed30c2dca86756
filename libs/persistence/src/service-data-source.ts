import { DataSource, type MixedList } from 'typeorm';
import { TraceContextRecorder } from './trace-context-recorder';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own schema; nothing else is read or written. */
  schema: string;
  migrations: MixedList<new () => unknown>;
  entities?: MixedList<new () => unknown>;
  poolSize?: number;
  applicationName: string;
  /** Settings every session of the pool starts with, e.g. `{ work_mem: '64MB' }`. */
  sessionSettings?: Record<string, string>;
}

/** A TypeORM data source confined to one service's schema; never synchronises, migrations only. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations,
    // Each transaction records the trace it runs in, for the outbox rows it writes.
    subscribers: [TraceContextRecorder],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      // Every session of the service sees only its own schema unless a query names another.
      options: [`-c search_path=${options.schema}`, ...sessionOptions(options.sessionSettings ?? {})].join(' '),
      client_encoding: 'UTF8',
    },
  });
}

/** `-c name=value` per setting; names and values are code, but are checked all the same. */
function sessionOptions(settings: Record<string, string>): string[] {
  return Object.entries(settings).map(([name, value]) => {
    if (!/^[a-z_.]+$/.test(name) || !/^[\w.]+$/.test(value)) throw new Error(`unsafe session setting ${name}=${value}`);
    return `-c ${name}=${value}`;
  });
}
