import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * Class-level rule put on one property: exactly one of the named shapes is present.
 * Each shape is a list of properties that must all be present together.
 */
export function ExactlyOneShapeOf(shapes: string[][], options?: ValidationOptions): PropertyDecorator {
  const describe = shapes.map((shape) => shape.map((p) => `"${p}"`).join(' and ')).join(', or ');
  return ValidateBy(
    {
      name: 'exactlyOneShapeOf',
      constraints: shapes,
      validator: {
        validate: (_value: unknown, args?: ValidationArguments) => {
          const target = (args?.object ?? {}) as Record<string, unknown>;
          const present = (p: string) => target[p] !== undefined && target[p] !== null;
          const complete = shapes.filter((shape) => shape.every(present));
          const touched = shapes.flat().filter(present);
          return complete.length === 1 && touched.length === complete[0].length;
        },
        defaultMessage: () => `the body must carry exactly one of: ${describe}`,
      },
    },
    options,
  );
}
