import { counter, gauge, histogram } from '@dxhub/observability';

/* The consumers' metrics, one set for every EventConsumer of the process, labelled by group and topic. */

export const consumed = counter('dx_messages_consumed_total', 'Records consumed, by what became of them', [
  'topic',
  'outcome',
]);
export const deadLettered = counter('dx_messages_dead_lettered_total', 'Records sent to a dead-letter topic', [
  'topic',
  'reason',
]);
export const batchSeconds = histogram('dx_consumer_batch_seconds', 'Time to apply one consumed batch', ['group']);
export const retries = counter('dx_consumer_retries_total', 'Batches put back after a transient failure', ['group']);
export const lag = gauge('dx_consumer_lag', 'Records behind the high-water mark, as of the last batch', [
  'group',
  'topic',
  'partition',
]);
export const pausedPartitions = gauge('dx_consumer_paused_partitions', 'Partitions waiting to retry a batch', [
  'group',
]);
