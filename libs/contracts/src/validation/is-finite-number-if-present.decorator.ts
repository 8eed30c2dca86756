import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A finite JSON number when present. Unlike `@IsOptional() @IsNumber()` this leaves the property's
 * other rules (such as a shape rule) running when it is absent.
 */
export function IsFiniteNumberIfPresent(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFiniteNumberIfPresent',
      validator: {
        validate: (value: unknown) => value === undefined || (typeof value === 'number' && Number.isFinite(value)),
        defaultMessage: () => '$property must be a finite number',
      },
    },
    options,
  );
}
