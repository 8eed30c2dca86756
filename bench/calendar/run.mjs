#!/usr/bin/env node
// Working-day arithmetic (libs/calendar) against its baseline measured in the same run: the day-by-day walk the
// calendar used before (isWorkingDay on every date of the range). Ranges from two weeks to the whole served century;
// the fast count should cost the same whatever the range, the walk grows with it.
//
//   npm run bench:calendar        (builds dist/, then runs this; BENCH_WRITE_RESULTS=0 to leave RESULTS.md alone)
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { writeSection } from '../results-file.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { WorkingDayCalendar, addDays } = require(join(ROOT, 'dist/libs/calendar/src/index.js'));

const RANGES = [
  ['two weeks', '2026-02-12', '2026-02-26'],
  ['one year', '2026-01-01', '2026-12-31'],
  ['ten years', '2021-01-01', '2030-12-31'],
  ['the served century', '2000-01-01', '2100-12-31'],
];

const calendar = new WorkingDayCalendar();
/** The baseline: what workingDaysBetween did before, one date at a time. */
function walk(from, to) {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) count++;
  return count;
}

/** Median microseconds per call over `rounds` rounds, each long enough to time. */
function time(fn, rounds = 7) {
  const perCall = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const started = process.hrtime.bigint();
    let elapsed = 0n;
    while (elapsed < 20_000_000n) {
      fn();
      calls++;
      elapsed = process.hrtime.bigint() - started;
    }
    perCall.push(Number(elapsed) / 1000 / calls);
  }
  return perCall.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

const firstStarted = process.hrtime.bigint();
new WorkingDayCalendar().workingDaysBetween('2000-01-01', '2000-01-02');
const tableMs = Number(process.hrtime.bigint() - firstStarted) / 1e6;

const rows = RANGES.map(([name, from, to]) => {
  const fast = calendar.workingDaysBetween(from, to);
  const slow = walk(from, to);
  if (fast !== slow) throw new Error(`${name}: ${fast} working days counted, the walk says ${slow}`);
  return {
    name,
    days: fast,
    fastUs: time(() => calendar.workingDaysBetween(from, to)),
    walkUs: time(() => walk(from, to), 3),
  };
});
const addUs = time(() => calendar.addWorkingDays('2026-02-13', 9999));

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const table = [
  '| range | working days | counted (µs per call) | day-by-day walk, baseline (µs per call) |',
  '| --- | --: | --: | --: |',
  ...rows.map((r) => `| ${r.name} | ${r.days} | ${r.fastUs.toFixed(2)} | ${r.walkUs.toFixed(0)} |`),
].join('\n');
const section = `<!-- bench:calendar:start -->
## Working-day arithmetic (\`npm run bench:calendar\`)

At ${commit}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}). Median of 7 rounds
(3 for the walk) of at least 20 ms each. The counts are checked equal first.

${table}

Adding 9,999 working days (a binary search over the count): ${addUs.toFixed(2)} µs per call. Building a calendar's
table of exceptions (holidays on weekdays, swapped Saturdays, 2000–2100), once per calendar: ${tableMs.toFixed(1)} ms.
<!-- bench:calendar:end -->`;
console.log(table);
console.log(`addWorkingDays(+9999): ${addUs.toFixed(2)} µs; table: ${tableMs.toFixed(1)} ms`);
if (process.env.BENCH_WRITE_RESULTS !== '0')
  await writeSection(
    join(ROOT, 'bench/RESULTS.md'),
    '<!-- bench:calendar:start -->',
    '<!-- bench:calendar:end -->',
    section,
  );
