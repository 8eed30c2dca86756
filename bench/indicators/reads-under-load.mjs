// Reads under load (issue 19, point 4 c): BENCH_READERS readers of GET /v1/aggregates (readers.mjs, a process of
// their own) while the service takes new events paced at 1,000/s (latency.mjs). Returns the reads' figures and the
// paced events' latency under them.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { lastJsonLine } from './lib.mjs';
import { measureLatency } from './latency.mjs';

/** Warm-up of the readers before the measured window: their connections and the service's first plans. */
const WARMUP_MS = 1000;

/** Starts readers.mjs and resolves once it measures (after its warm-up); `result` resolves with its JSON line. */
function startReaders({ here, port, databaseUrl, readers, seconds, seed, sampler, children }) {
  const child = spawn(process.execPath, [join(here, 'readers.mjs')], {
    env: {
      ...process.env,
      BENCH_SERVICE_URL: `http://127.0.0.1:${port}`,
      BENCH_DATABASE_URL: databaseUrl,
      BENCH_READERS: String(readers),
      BENCH_READ_SECONDS: String(seconds),
      BENCH_READ_WARMUP_MS: String(WARMUP_MS),
      BENCH_SEED: String(seed),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  sampler.track('readers', () => [child.pid]);
  let out = '';
  let err = '';
  let onMeasuring;
  const measuring = new Promise((resolve) => (onMeasuring = resolve));
  child.stdout.on('data', (d) => {
    out += d;
    if (out.includes('"measuring":true')) onMeasuring();
  });
  child.stderr.on('data', (d) => (err += d));
  const result = new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      children.delete(child);
      onMeasuring(); // never leave the sender waiting on a reader that died
      if (code !== 0) reject(new Error(`readers.mjs exited with ${code}:\n${err.slice(-3000)}`));
      else {
        try {
          resolve(lastJsonLine(out));
        } catch (error) {
          reject(error);
        }
      }
    });
  });
  result.catch(() => {}); // awaited in finish(); a failure before then must not go unhandled
  return { measuring, result };
}

/**
 * The readers and the paced events together, for `seconds`: the events are the next `rate × seconds` latency
 * cells after `skip`. Returns { reads, latency }.
 */
export async function readsUnderLoad({ here, databaseUrl, readers, children, ...paced }) {
  const latency = await measureLatency({
    ...paced,
    label: 'reads',
    alongside: {
      start: async () => {
        const handle = startReaders({
          here,
          port: paced.port,
          databaseUrl,
          readers,
          seconds: paced.seconds,
          seed: paced.seed,
          sampler: paced.sampler,
          children,
        });
        await handle.measuring;
        return handle;
      },
      finish: (handle) => handle.result,
    },
  });
  const { alongside: reads, ...events } = latency;
  return { reads, latency: events };
}
