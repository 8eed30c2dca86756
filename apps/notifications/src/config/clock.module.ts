import { Clock } from '@dxhub/calendar';
import { Module } from '@nestjs/common';

/**
 * The one Clock of the service (from @dxhub/calendar). Features import this module rather than each providing Clock,
 * so there is a single instance: a test that moves the time (quiet hours, digests) moves it for every feature.
 */
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
