/**
 * The time, as a provider services inject, so tests move it (deadlines and reminders are days apart) instead of
 * sleeping. Plain class: it has no dependencies, so NestJS provides it without a decorator.
 */
export class Clock {
  now(): Date {
    return new Date();
  }
}
