import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditLogRepository } from './audit-log.repository';

/**
 * GET /v1/audit and the recording of every accepted REST write, for a service whose migrations created
 * audit_log (createAuditLogTable). Needs the service's DataSource (DatabaseModule).
 */
@Module({
  controllers: [AuditController],
  providers: [AuditLogRepository, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
})
export class AuditModule {}
