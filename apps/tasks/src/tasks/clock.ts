import { Injectable } from '@nestjs/common';

/** The time, injectable so tests move it (deadlines and escalations are days apart) instead of sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
