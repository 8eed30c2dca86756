// Tokens signed with the DEVELOPMENT-ONLY key of infra/dev-auth (see its README): for tests and LOCAL_AUTH=dev-key.
import { createPrivateKey, createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_AUTH, ROOT } from './platform.mjs';

/** A bearer token of the development issuer for `agency` acting in `roles`. */
export function devToken({ agency, roles, sub = `dev-${agency.toLowerCase()}`, ttl = 3600 }) {
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
  return `${input}.${createSign('sha256').update(input).sign(key).toString('base64url')}`;
}
