import { Module } from '@nestjs/common';
import { StreamAdmissionGuard, StreamGate } from '@dxhub/http';
import { LiveUpdatesModule } from '../live-updates/live-updates.module';
import { LiveStreamController } from './live-stream.controller';

/** The live stream the web app's dashboard listens to (server-sent events, admitted by the stream gate's limits). */
@Module({
  imports: [LiveUpdatesModule],
  controllers: [LiveStreamController],
  providers: [StreamGate, StreamAdmissionGuard],
})
export class LiveStreamModule {}
