// Latency at a paced rate, for bench/indicators/run.mjs: new events sent at a steady rate to a running service,
// each timed until the province aggregate that reflects it comes back on dx.indicators.events. Run at 1,000 and
// 2,000 events/s, on the fresh and on the grown database, and under the readers' load (reads-under-load.mjs).
import { messaging, now, percentile, round, sleep } from './lib.mjs';
import { histogramQuantile, msOrNull, scrapeMetrics } from './service-run.mjs';
import { latencyEvents, PROVINCE_CODE } from './workload.mjs';

/**
 * The paced sender sends what is due, then waits SEND_TICK_MS (some 25 events a request at 2,000/s); each
 * event is stamped when its request leaves. It stands in for the agencies' own machines: sending as soon as
 * the last request was acknowledged (some 500 requests a second) took a fifth of a core from the service
 * it measures.
 */
export const SEND_TICK_MS = 10;
const LATENCY_WAIT_MS = 30_000; // after the last paced send, for the last aggregates to arrive

/**
 * Paced events, each a new cell: the province aggregate of its (indicator, period) counts one more value
 * per event, so a dx.indicator-aggregates.updated holding province 82's with valueCount >= k, received at T,
 * reflects the stream's events 1..k (one partition per indicator, consumed in order, each batch committed
 * whole): latency_k = T − send time of event k. The watcher joins before the first send, reading from
 * the end of the topic. `skip` is how many latency cells earlier paced runs sent to this database (their
 * values count already: a stream's k goes on from them). `alongside` (optional) is other load on the service for
 * the same time: `start()` is awaited before the first send, `finish()` after the last.
 */
export async function measureLatency({
  kafka,
  catalogue,
  sampler,
  port,
  prefix,
  runId,
  rate,
  seconds,
  order,
  seed,
  skip = 0,
  label,
  log,
  alongside,
}) {
  const count = rate * seconds;
  const events = latencyEvents({ catalogue, prefix, runId, count, order, seed, skip });
  const streams = new Map();
  for (const e of events) {
    // base: the stream's values from earlier runs, already in its province aggregate's valueCount.
    if (!streams.has(e.stream)) streams.set(e.stream, { base: e.k - 1, sentAt: [], resolved: 0 });
  }
  const latencies = [];
  const stages = { toTransaction: [], transactionToRelay: [], relayToRead: [] };
  let lastResolvedAt = 0;
  const watcher = await messaging.consumeRecordBatches(
    kafka,
    {
      groupId: `${prefix}bench-latency-watch-${label}`,
      topics: [`${prefix}dx.indicators.events`],
      fromBeginning: false,
      commit: 'none',
      maxWaitMs: 100,
    },
    async (batch) => {
      const received = now();
      for (const message of batch.records) {
        // Only aggregate events are decoded: the bench's own reading of the other events the service
        // publishes would take CPU from the service. Builds before dx.indicator-aggregates.updated
        // (BENCH_SERVICE_MAIN) published one dx.indicator-aggregate.updated per aggregate.
        const type = message.headers.ce_type;
        let aggregates;
        if (type === 'dx.indicator-aggregates.updated')
          aggregates = JSON.parse(message.value.toString('utf8')).aggregates;
        else if (
          type === 'dx.indicator-aggregate.updated' &&
          String(message.headers.ce_subject).split('/')[1] === PROVINCE_CODE
        )
          aggregates = [JSON.parse(message.value.toString('utf8'))];
        else continue;
        for (const e of aggregates) {
          if (e.orgUnitCode !== PROVINCE_CODE) continue;
          const s = streams.get(`${e.indicatorCode}|${e.period}`);
          if (!s) continue;
          // Stages: the aggregate's updatedAt is its transaction's start (now()), the record's timestamp the
          // relay's send.
          const txStart = Date.parse(e.updatedAt);
          const relayed = Number(message.timestamp);
          while (s.resolved < e.valueCount - s.base && s.resolved < s.sentAt.length) {
            latencies.push(received - s.sentAt[s.resolved]);
            stages.toTransaction.push(txStart - s.sentAt[s.resolved]);
            stages.transactionToRelay.push(relayed - txStart);
            stages.relayToRead.push(received - relayed);
            s.resolved++;
            lastResolvedAt = received;
          }
        }
      }
    },
  );
  await watcher.joined;
  await sleep(1000); // the group's offsets are reset to the topic's end after the join

  const alongsideStarted = alongside ? await alongside.start() : undefined;
  log(`latency (${label}): sending ${count} new-cell events at ${rate}/s`);
  const start = now() + 20;
  const cpuFrom = start;
  let i = 0;
  let maxLagMs = 0;
  while (i < count) {
    const due = Math.min(count, Math.floor(((now() - start) * rate) / 1000) + 1);
    if (due <= i) {
      await sleep(SEND_TICK_MS);
      continue;
    }
    // Sent in the request below, after which the sender waits a tick: what falls due meanwhile goes together.
    const t = now();
    maxLagMs = Math.max(maxLagMs, t - (start + (i * 1000) / rate));
    const records = events.slice(i, due).map((e) => {
      e.message.headers.ce_time = new Date(t).toISOString();
      streams.get(e.stream).sentAt.push(t);
      return { topic: e.topic, record: e.message };
    });
    await kafka.send(records);
    i = due;
    if (i < count) await sleep(SEND_TICK_MS);
  }
  const sendEnd = now();
  const sendSeconds = (sendEnd - start) / 1000;
  const alongsideResult = alongside ? await alongside.finish(alongsideStarted) : undefined;
  while (latencies.length < count && now() - sendEnd < LATENCY_WAIT_MS) await sleep(50);
  const gaveUpAt = now();
  const cpuTo = Math.max(sendEnd, lastResolvedAt);
  const cpu = sampler.cores(cpuFrom, cpuTo);
  // What an event costs the service and its database: less sensitive to other work on the machine than latency.
  const cpuMsPerEvent = ((cpu.service + cpu.servicePg) * (cpuTo - cpuFrom)) / count;
  const metrics = await scrapeMetrics(port);
  await watcher.stop();
  // An event still not reflected counts with the time it has waited so far (its latency is at least that),
  // so a service that falls behind cannot look faster by leaving events out.
  const unresolved = [];
  for (const s of streams.values()) for (const sentAt of s.sentAt.slice(s.resolved)) unresolved.push(gaveUpAt - sentAt);
  const sorted = [...latencies, ...unresolved].sort((a, b) => a - b);
  return {
    rate,
    seconds,
    sent: count,
    achievedRate: round(count / sendSeconds, 0),
    maxSenderLagMs: round(maxLagMs, 0),
    measured: latencies.length,
    unresolved: unresolved.length,
    streams: streams.size,
    p50Ms: round(percentile(sorted, 50), 0),
    p90Ms: round(percentile(sorted, 90), 0),
    p99Ms: round(percentile(sorted, 99), 0),
    maxMs: round(sorted.at(-1) ?? null, 0),
    meanMs: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1), 0),
    stagesMs: Object.fromEntries(
      Object.entries(stages).map(([stage, values]) => {
        const ordered = values.sort((a, b) => a - b);
        return [stage, { p50: round(percentile(ordered, 50), 0), p99: round(percentile(ordered, 99), 0) }];
      }),
    ),
    batchMsP50: msOrNull(histogramQuantile(metrics, 'dx_consumer_batch_seconds', 'indicators-intake', 0.5)),
    cpuCores: cpu,
    serviceCpuMsPerEvent: round(cpuMsPerEvent, 3),
    ...(alongside ? { alongside: alongsideResult } : {}),
  };
}

/** One line of a latency run for the log. */
export function logLatency(log, label, latency) {
  log(
    `latency (${label}) at ${latency.rate}/s: p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms, max ${latency.maxMs} ms (${latency.measured} of ${latency.sent} events)`,
  );
  const st = latency.stagesMs;
  log(
    `latency (${label}) stages p50/p99 ms: send → transaction start ${st.toTransaction.p50}/${st.toTransaction.p99}, ` +
      `→ relay send ${st.transactionToRelay.p50}/${st.transactionToRelay.p99}, → read ${st.relayToRead.p50}/${st.relayToRead.p99}; ` +
      `service and its PostgreSQL backends ${latency.serviceCpuMsPerEvent} CPU ms per event`,
  );
}
