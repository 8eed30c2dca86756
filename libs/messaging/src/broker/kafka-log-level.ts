import { logLevel, type LogEntry } from 'kafkajs';

type NestLevel = 'error' | 'warn' | 'log' | 'debug';

const LEVEL_NAMES: Record<number, NestLevel> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The messages of the broker's error responses that kafkajs retries itself (kafkajs's own table of protocol
 * errors): a partition leader moving right after a topic is created, a group coordinator still loading.
 */
const RETRIABLE_BROKER_ERRORS: ReadonlySet<string> = new Set(
  // kafkajs does not export the table from its entry point; the version is pinned (package.json).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('kafkajs/src/protocol/error') as { errorCodes: { message: string; retriable: boolean }[] }).errorCodes
    .filter((code) => code.retriable)
    .map((code) => code.message),
);

/**
 * kafkajs's warning for an idempotent producer whose retries are bounded. The platform bounds them on
 * purpose: a send that fails for good is sent again by its caller (the outbox relay, the dead-letter
 * writer), and every consumer dedupes on `ce_id`, so the bound costs a duplicate at worst, never a loss.
 */
const BOUNDED_RETRIES_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/** The broker's answer to a heartbeat while its group rebalances (REBALANCE_IN_PROGRESS). */
const REBALANCING = 'The group is rebalancing, so a rejoin is needed';

/**
 * The level a kafkajs log entry is logged at. kafkajs logs every error response of the broker at ERROR, also
 * those it retries: those are debug here (a request that fails for good reaches its caller, which logs it),
 * so that a clean start prints nothing to worry about and ERROR means something to act on.
 */
export function kafkaLogLevel({ level, log }: Pick<LogEntry, 'level' | 'log'>): NestLevel {
  const error = (log as { error?: unknown }).error;
  if (level === logLevel.ERROR && typeof error === 'string' && RETRIABLE_BROKER_ERRORS.has(error)) return 'debug';
  // Two services creating the same topic at once: KafkaGateway.ensureTopics looks again and retries, and throws
  // to its caller what it cannot get past.
  if (level === logLevel.ERROR && log.message.startsWith('Response CreateTopics')) return 'debug';
  if (level === logLevel.WARN && log.message === BOUNDED_RETRIES_WARNING) return 'debug';
  // A heartbeat answered while the group rebalances (a replica joined or left): the consumer rejoins, which is
  // worth a line, not an alarm.
  if (level === logLevel.ERROR && error === REBALANCING) return 'log';
  return LEVEL_NAMES[level] ?? 'log';
}
