import { Module } from '@nestjs/common';
import { Clock } from './clock';

/**
 * A service's one Clock. Features import this module rather than each providing Clock, so there is a single
 * instance: a test that moves the time moves it for every feature.
 */
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
