// Baseline (a): the transport's ceiling on this machine. A consumer that only decodes and counts: the
// messaging lib's raw record batches (kafkajs eachBatch with the service's fetch settings), JSON.parse of each value, reading the ce_* headers, and a
// count. No validation, no database, no offset commits. Run as its own process by run.mjs.
//
//   BENCH_TOPICS=a,b BENCH_GROUP=g BENCH_TARGET=200000 node bench/indicators/ceiling-consumer.mjs
// Prints one JSON line: events, seconds (first batch in to the batch that reached the target), eventsPerSec.
import { headerText, kafkaGateway, messaging, now } from './lib.mjs';

const topics = process.env.BENCH_TOPICS.split(',');
const target = Number(process.env.BENCH_TARGET);
const gateway = kafkaGateway('bench-ceiling');

let count = 0;
let malformed = 0;
let batches = 0;
let startedAt;
let cpuAtStart; // from the first batch: joining the group is not the work measured
let cpu;
let endedAt;
let finish;
const finished = new Promise((resolve) => (finish = resolve));

const subscription = await messaging.consumeRecordBatches(
  gateway,
  { groupId: process.env.BENCH_GROUP, topics, fromBeginning: true, commit: 'none' },
  async (batch) => {
    startedAt ??= now();
    cpuAtStart ??= process.cpuUsage();
    if (endedAt !== undefined) return;
    for (const record of batch.records) {
      const h = record.headers;
      const body = JSON.parse(record.value.toString('utf8'));
      const id = headerText(h.ce_id);
      const ok =
        headerText(h.ce_specversion) === '1.0' &&
        id !== undefined &&
        headerText(h.ce_source) !== undefined &&
        headerText(h.ce_type) !== undefined &&
        headerText(h.ce_time) !== undefined &&
        headerText(h['content-type']) !== undefined &&
        typeof body === 'object' &&
        body !== null;
      if (ok) count++;
      else malformed++;
    }
    batches++;
    if (count + malformed >= target) {
      endedAt = now();
      cpu = process.cpuUsage(cpuAtStart);
      finish();
    }
  },
);
await finished;
await subscription.stop();
await gateway.close();
const seconds = (endedAt - startedAt) / 1000;
console.log(
  JSON.stringify({
    events: count + malformed,
    malformed,
    batches,
    seconds,
    eventsPerSec: (count + malformed) / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }),
);
process.exit(0);
