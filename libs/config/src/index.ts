export * from './config.module';
export * from './env-transforms';
export * from './http.config';
export * from './load-config';
export * from './production-policy';
