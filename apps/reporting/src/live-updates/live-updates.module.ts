import { Module } from '@nestjs/common';
import { LiveUpdatesService } from './live-updates.service';

/** Committed read-model changes fanned out to every replica's server-sent-event streams. */
@Module({ providers: [LiveUpdatesService], exports: [LiveUpdatesService] })
export class LiveUpdatesModule {}
