/*
 * The pieces of the contracts' fast paths (a payload's static `conforms`): cheap checks of the exact shape the
 * services write, before class-validator's full check takes anything else.
 */

/** A time as the services write it (UTC, `Z`); any other ISO 8601 form takes the full check. */
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** A finite number (not NaN, not ±Infinity, not a numeric string). */
export const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
