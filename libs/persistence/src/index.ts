export * from './database.config';
export * from './database.module';
export * from './ensure-database';
export * from './exclusive-job';
export * from './migration-runner';
export * from './replica-broadcast';
export * from './service-data-source';
export * from './transactional-tables';
