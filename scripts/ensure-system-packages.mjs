#!/usr/bin/env node
// The Debian packages some tests drive: Chromium (the dashboard's browser test, through playwright-core,
// which downloads no browser of its own) and poppler-utils (`pdftotext` on the PDF exports). A clean CI
// machine of this kind has neither. As root it installs what is missing with apt-get; otherwise it says
// what to install and exits 1.
import { spawnSync } from 'node:child_process';

const NEEDED = [
  { command: 'chromium', pkg: 'chromium' },
  { command: 'pdftotext', pkg: 'poppler-utils' },
];

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const missing = NEEDED.filter((n) => !has(n.command));
if (missing.length === 0) process.exit(0);

const packages = missing.map((m) => m.pkg);
if (process.getuid?.() !== 0) {
  console.error(
    `missing ${missing.map((m) => m.command).join(', ')}: run  sudo apt-get install -y ${packages.join(' ')}`,
  );
  process.exit(1);
}
console.log(`installing ${packages.join(', ')} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
if (!run(['update', '-qq']) || !run(['install', '-y', '-qq', '--no-install-recommends', ...packages])) {
  console.error(`apt-get could not install ${packages.join(' ')}`);
  process.exit(1);
}
const still = NEEDED.filter((n) => !has(n.command));
if (still.length > 0) {
  console.error(`still missing after apt-get: ${still.map((m) => m.command).join(', ')}`);
  process.exit(1);
}
