export * from './bootstrap';
export * from './docs.config';
export * from './domain.exception';
export * from './http-exception.filter';
export * from './stream-gate';
export * from './migrations/stream-connections-table';
export * from './postgres-rate-limiter';
