import { StreamAdmissionGuard, StreamGate } from '@dxhub/http';
import { Module } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module';
import { InboxController } from './inbox.controller';
import { InboxHub } from './inbox.hub';
import { InboxService } from './inbox.service';

/** The in-app inbox and its live streams; the inbox channel pushes sent notices through InboxHub. */
@Module({
  imports: [NoticesModule],
  controllers: [InboxController],
  providers: [InboxService, InboxHub, StreamGate, StreamAdmissionGuard],
  exports: [InboxHub],
})
export class InboxModule {}
