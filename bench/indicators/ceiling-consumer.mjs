// Baseline (a): the transport's ceiling on this machine. A consumer that only decodes and counts: kafkajs
// eachBatch with the service's fetch settings, JSON.parse of each value, reading the ce_* headers, and a
// count. No validation, no database, no offset commits. Run as its own process by run.mjs.
//
//   BENCH_TOPICS=a,b BENCH_GROUP=g BENCH_TARGET=200000 node bench/indicators/ceiling-consumer.mjs
// Prints one JSON line: events, seconds (first batch in to the batch that reached the target), eventsPerSec.
import { headerText, kafkaClient, now, SERVICE_CONSUMER_SETTINGS } from './lib.mjs';

const topics = process.env.BENCH_TOPICS.split(',');
const target = Number(process.env.BENCH_TARGET);
const consumer = kafkaClient('bench-ceiling').consumer({
  groupId: process.env.BENCH_GROUP,
  ...SERVICE_CONSUMER_SETTINGS,
});

let count = 0;
let malformed = 0;
let batches = 0;
let startedAt;
let cpuAtStart; // from the first batch: joining the group is not the work measured
let cpu;
let endedAt;
let finish;
const finished = new Promise((resolve) => (finish = resolve));

await consumer.connect();
await consumer.subscribe({ topics, fromBeginning: true });
await consumer.run({
  autoCommit: false,
  partitionsConsumedConcurrently: 1,
  eachBatch: async ({ batch, heartbeat }) => {
    startedAt ??= now();
    cpuAtStart ??= process.cpuUsage();
    if (endedAt !== undefined) return;
    for (const message of batch.messages) {
      const h = message.headers ?? {};
      const body = JSON.parse(message.value.toString('utf8'));
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
    await heartbeat();
    if (count + malformed >= target) {
      endedAt = now();
      cpu = process.cpuUsage(cpuAtStart);
      finish();
    }
  },
});
await finished;
await consumer.disconnect();
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
