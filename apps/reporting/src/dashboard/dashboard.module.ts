import { Module } from '@nestjs/common';
import { StreamAdmissionGuard, StreamGate } from '@dxhub/http';
import { LiveUpdatesModule } from '../live-updates/live-updates.module';
import { DashboardController } from './dashboard.controller';

/** The dashboard page and its live stream (server-sent events, admitted by the stream gate's limits). */
@Module({
  imports: [LiveUpdatesModule],
  controllers: [DashboardController],
  providers: [StreamGate, StreamAdmissionGuard],
})
export class DashboardModule {}
