import { join } from 'node:path';

/* Constants of the AsyncAPI document (not of any event). */

export const ASYNCAPI_VERSION = '3.0.0';
/** Kafka bindings version understood by every AsyncAPI 3.0.0 toolchain. */
export const KAFKA_BINDING_VERSION = '0.4.0';
export const AGENCY_PARAMETER = 'agencyCode';
export const DEAD_LETTER_MESSAGE = 'DeadLetter';
export const SECURITY_SCHEME = 'scramSha512';
export const CONTRACTS_SOURCE = join('libs', 'contracts', 'src');

// Illustrative values for examples only; nothing is validated against them.
export const EXAMPLE_AGENCY_CODE = 'STTTT';
export const EXAMPLE_EVENT_ID = '6f1c2b9e-3d4a-4c57-9e8f-0a1b2c3d4e5f';
export const EXAMPLE_EVENT_TIME = '2025-01-15T03:04:05Z';
