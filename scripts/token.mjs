#!/usr/bin/env node
// `npm run token`: prints a bearer token.
//   --user=demo.viewer                  a demo user's real token from the local Keycloak (`npm start` runs it)
//   --agency=STTTT --roles=reporter     a real Keycloak token of the development user for that agency and roles
//                                       (created on first use); with --dev, or when no Keycloak answers, a token
//                                       signed with the DEVELOPMENT-ONLY key of infra/dev-auth (tests, LOCAL_AUTH=dev-key)
// Never for production.
import { devToken } from './lib/dev-token.mjs';
import { agencyToken, DEMO_USERS, keycloakUrl, realmAnswers, userToken } from './lib/keycloak.mjs';

const ROLES = ['reporter', 'approver', 'programme-office', 'viewer', 'admin'];

function parse(argv) {
  const args = Object.fromEntries(
    argv.map((a) => {
      if (a === '--dev') return ['dev', 'true'];
      const m = /^--([a-z-]+)=(.*)$/.exec(a);
      if (!m) fail(`unexpected argument '${a}'`);
      return [m[1], m[2]];
    }),
  );
  for (const key of Object.keys(args))
    if (!['agency', 'roles', 'sub', 'ttl', 'user', 'dev'].includes(key)) fail(`unknown option --${key}`);
  if (args.user !== undefined) {
    const user = DEMO_USERS.find((u) => u.username === args.user);
    if (!user) fail(`--user is one of ${DEMO_USERS.map((u) => u.username).join(', ')}`);
    return { user };
  }
  if (!/^[A-Z0-9]{2,32}$/.test(args.agency ?? '')) fail('--agency=<AGENCY CODE> is required, e.g. --agency=STTTT');
  const roles = (args.roles ?? '').split(',').filter(Boolean);
  if (roles.length === 0 || roles.some((r) => !ROLES.includes(r)))
    fail(`--roles=<comma-separated> from ${ROLES.join(', ')}`);
  const ttl = Number(args.ttl ?? 3600);
  if (!Number.isInteger(ttl) || ttl <= 0) fail('--ttl must be a whole number of seconds');
  return { agency: args.agency, roles, sub: args.sub ?? `dev-${args.agency.toLowerCase()}`, ttl, dev: 'dev' in args };
}

function fail(message) {
  process.stderr.write(
    `npm run token: ${message}\nusage: npm run token -- --user=demo.viewer | --agency=STTTT --roles=reporter [--dev [--sub=dev-user] [--ttl=3600]]\n`,
  );
  process.exit(2);
}

const request = parse(process.argv.slice(2));
const keycloak = keycloakUrl(process.env.KEYCLOAK_PORT ?? '8080');
if (request.user || (!request.dev && (await realmAnswers(keycloak)))) {
  try {
    const token = request.user
      ? await userToken(keycloak, request.user.username, request.user.password)
      : await agencyToken(keycloak, request.agency, request.roles);
    process.stdout.write(`${token}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(
      `npm run token: Keycloak at ${keycloak} gave no token (is \`npm start\` running?): ${error.message}\n`,
    );
    process.exit(1);
  }
}
process.stdout.write(`${devToken(request)}\n`);
