import { Module } from '@nestjs/common';
import { Clock } from '@dxhub/calendar';

/**
 * The one Clock of the service: every feature module that reads the time imports this module, so they share
 * one instance (tests move it for all of them at once).
 */
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
