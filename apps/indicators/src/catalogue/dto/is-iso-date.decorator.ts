import { IsServedDate } from '@dxhub/calendar';
import type { ValidationOptions } from 'class-validator';

/**
 * The value is a calendar date written YYYY-MM-DD (2025-06-30; not 2025-02-30, not a timestamp) within the years
 * the platform serves (libs/calendar), so no query or definition can carry year 9999 into the catalogue.
 */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return IsServedDate(options);
}
