import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';
import { isIsoDate } from '../indicator-versions';

/** The value is a calendar date written YYYY-MM-DD (2025-06-30; not 2025-02-30, not a timestamp). */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoDate(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a date written YYYY-MM-DD, got '$value'`,
          options,
        ),
      },
    },
    options,
  );
}
