export * from './audit.controller';
export * from './audit-entry';
export * from './audit.interceptor';
export * from './migrations/audit-log-table';
export * from './audit.module';
export * from './request-audit';
