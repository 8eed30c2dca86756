import { Module } from '@nestjs/common';
import { Clock } from '@dxhub/calendar';

/** The service's one clock (@dxhub/calendar): features inject it, tests replace it. */
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
