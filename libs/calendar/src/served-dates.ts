import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';
import { type IsoDate, isIsoDate } from './iso-date';

/**
 * The years the platform serves: the programme's history (the national programme of 2020 and the data before it)
 * up to the end of the century. Every date the platform takes in (REST bodies and queries, deadlines, calendar
 * arithmetic) lies in this range, so no input can make a calculation walk ten thousand years or a deadline sit
 * in year 9999.
 */
export const FIRST_SERVED_YEAR = 2000;
export const LAST_SERVED_YEAR = 2100;
export const FIRST_SERVED_DATE: IsoDate = `${FIRST_SERVED_YEAR}-01-01`;
export const LAST_SERVED_DATE: IsoDate = `${LAST_SERVED_YEAR}-12-31`;

/** The limit every refusal names, so a client knows what would be accepted. */
export const SERVED_RANGE_TEXT = `between ${FIRST_SERVED_DATE} and ${LAST_SERVED_DATE}`;

/** A date (or a result of date arithmetic) outside the served years. */
export class DateOutOfRangeError extends RangeError {
  constructor(readonly date: string) {
    super(`'${date}' is outside the dates the platform serves: a date must be ${SERVED_RANGE_TEXT}`);
    this.name = 'DateOutOfRangeError';
  }
}

/** True for a real `YYYY-MM-DD` date within the served years. */
export function isServedDate(value: unknown): value is IsoDate {
  return isIsoDate(value) && value >= FIRST_SERVED_DATE && value <= LAST_SERVED_DATE;
}

/** True for a year the platform serves. */
export function isServedYear(year: number): boolean {
  return Number.isInteger(year) && year >= FIRST_SERVED_YEAR && year <= LAST_SERVED_YEAR;
}

/** Throws DateOutOfRangeError (or RangeError for a malformed date) unless `date` is a served date. */
export function assertServedDate(date: string): IsoDate {
  if (!isIsoDate(date)) throw new RangeError(`'${date}' is not a date in YYYY-MM-DD form`);
  if (!isServedDate(date)) throw new DateOutOfRangeError(date);
  return date;
}

/**
 * class-validator: a real calendar date written YYYY-MM-DD within the served years; the message names the form
 * and the range (`dueDate must be a date YYYY-MM-DD between 2000-01-01 and 2100-12-31, got '9999-12-30'`).
 */
export function IsServedDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isServedDate',
      validator: {
        validate: (value: unknown) => isServedDate(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a date YYYY-MM-DD ${SERVED_RANGE_TEXT}, got '$value'`,
          options,
        ),
      },
    },
    options,
  );
}

/** True for an ISO 8601 instant (`2026-11-27T08:00:00Z`, or a bare date) whose date lies in the served years. */
export function isServedInstant(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return false;
  const at = Date.parse(value);
  return Number.isFinite(at) && isServedDate(new Date(at).toISOString().slice(0, 10));
}

/** class-validator: an ISO 8601 instant within the served years (audit and history filters). */
export function IsServedInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isServedInstant',
      validator: {
        validate: (value: unknown) => isServedInstant(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be an ISO 8601 time ${SERVED_RANGE_TEXT}, got '$value'`,
          options,
        ),
      },
    },
    options,
  );
}
