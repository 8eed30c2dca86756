import { parsePeriod } from '@dxhub/periods';
import { ValidateBy, type ValidationOptions, buildMessage } from 'class-validator';

/** The value is a period in DHIS2 notation: `2024`, `2024S1`, `2024Q3` or `202407`. */
export function IsDhis2Period(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDhis2Period',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parsePeriod(value) !== null,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a period in DHIS2 notation (2024, 2024S1, 2024Q3, 202407), got '$value'`,
          options,
        ),
      },
    },
    options,
  );
}
