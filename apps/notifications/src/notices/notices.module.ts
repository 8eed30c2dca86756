import { Module } from '@nestjs/common';
import { NewNoticesSignal } from './new-notices.signal';
import { NoticesRepository } from './notices.repository';

/** The notices table (the delivery queue, digests and inboxes read and write it) and the signal that new ones wait. */
@Module({
  providers: [NoticesRepository, NewNoticesSignal],
  exports: [NoticesRepository, NewNoticesSignal],
})
export class NoticesModule {}
