#!/usr/bin/env node
// `npm run token -- --agency=STTTT --roles=reporter [--sub=..] [--ttl=3600]`: prints a bearer token signed with
// the DEVELOPMENT-ONLY key in infra/dev-auth (see its README), which `npm start` trusts. Never for production.
import { createPrivateKey, createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_AUTH, ROOT } from './lib/platform.mjs';

const ROLES = ['reporter', 'approver', 'programme-office', 'viewer', 'admin'];

function parse(argv) {
  const args = Object.fromEntries(
    argv.map((a) => {
      const m = /^--([a-z-]+)=(.*)$/.exec(a);
      if (!m) fail(`unexpected argument '${a}'`);
      return [m[1], m[2]];
    }),
  );
  for (const key of Object.keys(args))
    if (!['agency', 'roles', 'sub', 'ttl'].includes(key)) fail(`unknown option --${key}`);
  if (!/^[A-Z0-9]{2,32}$/.test(args.agency ?? '')) fail('--agency=<AGENCY CODE> is required, e.g. --agency=STTTT');
  const roles = (args.roles ?? '').split(',').filter(Boolean);
  if (roles.length === 0 || roles.some((r) => !ROLES.includes(r)))
    fail(`--roles=<comma-separated> from ${ROLES.join(', ')}`);
  const ttl = Number(args.ttl ?? 3600);
  if (!Number.isInteger(ttl) || ttl <= 0) fail('--ttl must be a whole number of seconds');
  return { agency: args.agency, roles, sub: args.sub ?? `dev-${args.agency.toLowerCase()}`, ttl };
}

function fail(message) {
  process.stderr.write(
    `npm run token: ${message}\nusage: npm run token -- --agency=STTTT --roles=reporter [--sub=dev-user] [--ttl=3600]\n`,
  );
  process.exit(2);
}

const { agency, roles, sub, ttl } = parse(process.argv.slice(2));
const now = Math.floor(Date.now() / 1000);
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: DEV_AUTH.kid })}.${b64({
  iss: DEV_AUTH.AUTH_ISSUER,
  aud: DEV_AUTH.AUTH_AUDIENCE,
  sub,
  agency,
  roles,
  iat: now,
  exp: now + ttl,
})}`;
const key = createPrivateKey(readFileSync(join(ROOT, DEV_AUTH.privateKeyFile), 'utf8'));
process.stdout.write(`${input}.${createSign('sha256').update(input).sign(key).toString('base64url')}\n`);
