import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

export type PayloadCheck<T> = { ok: true; payload: T } | { ok: false; reason: string };

/**
 * A contract class may offer `static conforms(data)`: a plain check that accepts only flat data its rules
 * accept (the usual shape, checked without class-validator, which costs tens of microseconds per event on
 * a hot topic). What it does not accept takes the full check, which also gives the reason.
 */
interface WithFastCheck {
  conforms?: (data: Record<string, unknown>) => boolean;
}

/**
 * What to do with properties a contract class does not declare: refuse them (input from outside the
 * platform, where an unknown property is a mistake to report) or drop them (events of the platform's own
 * services, whose producers may add an optional field before every consumer knows it: a tolerant reader).
 */
export type UnknownProperties = 'refuse' | 'strip';

/**
 * Checks plain JSON data against a contract class: its rules, and (by default) no properties beyond the ones
 * it declares (the unknown ones are named in the reason).
 */
export function validatePayload<T extends object>(
  payloadClass: new () => T,
  data: unknown,
  unknownProperties: UnknownProperties = 'refuse',
): PayloadCheck<T> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, reason: 'payload must be a JSON object' };
  }
  if ((payloadClass as WithFastCheck).conforms?.(data as Record<string, unknown>)) {
    return { ok: true, payload: Object.assign(new payloadClass(), data) };
  }
  const instance = plainToInstance(payloadClass, data);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: unknownProperties === 'refuse',
    forbidUnknownValues: true,
  });
  if (errors.length === 0) return { ok: true, payload: instance };
  return { ok: false, reason: describeValidationErrors(errors) };
}

/** One line naming every failed rule, e.g. `period must be a period in DHIS2 notation …; property foo should not exist`. */
export function describeValidationErrors(errors: ValidationError[], prefix = ''): string {
  return errors
    .flatMap((e) => {
      const own = Object.values(e.constraints ?? {});
      const nested = e.children?.length ? [describeValidationErrors(e.children, `${prefix}${e.property}.`)] : [];
      return [...own.map((m) => (prefix ? `${prefix}${m}` : m)), ...nested];
    })
    .join('; ');
}
