/*
 * The one place that decides what a processing error means for a message. Known-transient failures (the
 * database or the broker is unwell for a while) are retried within a budget; anything else, a failure this
 * message will meet every time (a constraint, a value too long for an index, a defect), is dead-lettered
 * with its class so the partition moves on. Unknown means permanent: retrying it for ever stops the
 * partition, while a dead letter keeps the event, its reason and the way back (re-drive).
 */

/**
 * SQLSTATE codes and classes that say "try again later": connection exceptions (08), transaction
 * rollbacks by the server's concurrency control (40001 serialization failure, 40P01 deadlock), insufficient
 * resources (53: disk full, out of memory, too many connections), lock not available (55P03), operator
 * intervention (57: query cancelled, admin shutdown as after pg_terminate_backend, crash shutdown, cannot
 * connect now) and system errors (58: I/O).
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '53', '57', '58']);
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03']);

/** Node.js socket and DNS errors of a connection to the database or the broker. */
const TRANSIENT_SYSTEM_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Messages of node-postgres and its pool for a lost or unobtainable connection (they carry no code). */
const TRANSIENT_DRIVER_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|terminating connection|server closed the connection/i;

/** kafkajs errors for a broker that is away or moving, when the error does not say `retriable` itself. */
const TRANSIENT_KAFKA_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
]);

/** What a failure is: worth retrying or not, and a short class for headers, metrics and logs. */
export interface FailureClass {
  transient: boolean;
  /** E.g. `QueryFailedError 54000`, `KafkaJSConnectionError`, `TypeError`. */
  errorClass: string;
}

export function classifyFailure(error: unknown): FailureClass {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    retriable?: unknown;
    cause?: unknown;
    driverError?: { code?: unknown };
  };
  const name = typeof e.name === 'string' ? e.name : typeof error;
  const code = typeof e.code === 'string' ? e.code : typeof e.driverError?.code === 'string' ? e.driverError.code : '';
  const errorClass = code ? `${name} ${code}` : name;
  if (/^[0-9A-Z]{5}$/.test(code)) {
    return { transient: TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2)), errorClass };
  }
  if (TRANSIENT_SYSTEM_ERRORS.has(code)) return { transient: true, errorClass };
  if (e.retriable === true || TRANSIENT_KAFKA_ERRORS.has(name)) return { transient: true, errorClass };
  if (typeof e.message === 'string' && TRANSIENT_DRIVER_MESSAGES.test(e.message))
    return { transient: true, errorClass };
  // kafkajs wraps the last error of its retries: what counts is what it gave up on.
  if (name === 'KafkaJSNumberOfRetriesExceeded' && e.cause) return { ...classifyFailure(e.cause), errorClass };
  return { transient: false, errorClass };
}

/** Whether an error is known to be transient (see classifyFailure). */
export function isTransientFailure(error: unknown): boolean {
  return classifyFailure(error).transient;
}
