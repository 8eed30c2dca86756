// CPU accounting for bench/indicators/run.mjs: which process used how many cores in a window of the run, from
// /proc, so a figure can be read against what else the machine was doing.
import { readdirSync, readFileSync } from 'node:fs';
import { machineCpu, now, processCpuSeconds, round } from './lib.mjs';

/**
 * Samples cumulative CPU every 200 ms of: the machine, named processes, and the PostgreSQL backends of a
 * database (matched on their process title). `cores(t0, t1)` interpolates the average cores each used.
 */
export function cpuSampler() {
  const tracked = new Map(); // name -> () => pid[]
  const samples = [];
  // A backend's title: "postgres: [<cluster>: ]<user> <database> <host>(<port>) <state>". The titles are
  // read from /proc once a second for all trackers: a scan per tracker and sample took a tenth of the
  // bench's CPU, on the cores it measures. Pools keep their backends, so a second's delay loses little.
  let titles = { at: -Infinity, list: [] };
  const postgresTitles = () => {
    if (now() - titles.at < 1000) return titles.list;
    const list = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (title.startsWith('postgres:')) list.push({ pid: Number(entry), title });
      } catch {
        // gone
      }
    }
    titles = { at: now(), list };
    return list;
  };
  const pgPids = (match) =>
    postgresTitles()
      .filter((p) => match(p.title))
      .map((p) => p.pid);
  const cumulative = new Map(); // pid -> last seen cpu seconds (a backend that exits keeps its total)
  const sample = () => {
    const row = { t: now(), machine: machineCpu().busy };
    for (const [name, pids] of tracked) {
      let sum = 0;
      for (const pid of pids()) {
        const cpu = processCpuSeconds(pid);
        if (cpu !== null) cumulative.set(`${name}:${pid}`, cpu);
      }
      for (const [key, cpu] of cumulative) if (key.startsWith(`${name}:`)) sum += cpu;
      row[name] = sum;
    }
    samples.push(row);
  };
  const timer = setInterval(sample, 200);
  timer.unref();
  return {
    track(name, pids) {
      tracked.set(name, pids);
      sample();
    },
    /** The PostgreSQL backends serving one database. */
    trackDatabase(name, db) {
      this.track(name, () => pgPids((title) => title.includes(` ${db} `)));
    },
    /** PostgreSQL's shared background processes: WAL writer, checkpointer, background writer. */
    trackPostgresBackground(name) {
      this.track(name, () => pgPids((title) => /: (walwriter|checkpointer|background writer)/.test(title)));
    },
    /** PostgreSQL's autovacuum launcher and workers (the run turns autovacuum on: autovacuum.mjs). */
    trackAutovacuum(name) {
      this.track(name, () => pgPids((title) => /: autovacuum (launcher|worker)/.test(title)));
    },
    sample,
    stop: () => clearInterval(timer),
    /** Average cores used per tracked name between t0 and t1 (ms), from the samples around them. */
    cores(t0, t1) {
      sample();
      const at = (t, key) => {
        let before = samples[0];
        let after = samples[samples.length - 1];
        for (const s of samples) {
          if (s.t <= t) before = s;
          if (s.t >= t) {
            after = s;
            break;
          }
        }
        const vb = before[key] ?? 0;
        const va = after[key] ?? vb;
        if (after.t === before.t) return vb;
        return vb + ((va - vb) * (t - before.t)) / (after.t - before.t);
      };
      const seconds = (t1 - t0) / 1000;
      const out = { machine: round((at(t1, 'machine') - at(t0, 'machine')) / seconds, 2) };
      for (const name of tracked.keys()) {
        const cores = round((at(t1, name) - at(t0, name)) / seconds, 2);
        if (cores) out[name] = cores; // processes idle or not yet running in the window are left out
      }
      // What the processes above do not account for: the rest of the machine (other users' work, the kernel).
      out.other = round(
        Object.entries(out).reduce((rest, [name, cores]) => (name === 'machine' ? rest : rest - cores), out.machine),
        2,
      );
      return out;
    },
  };
}
