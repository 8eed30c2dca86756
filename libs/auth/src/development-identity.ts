import { createHash, createPublicKey } from 'node:crypto';

/**
 * The development-only token issuer of infra/dev-auth, whose private key is committed to the repository: anyone
 * can mint any token it signs, an admin's included. `npm start`, `npm run token` and the tests trust it;
 * production refuses it (AuthConfig), by its issuer name and by its key, whatever issuer name it comes under.
 */
export const DEVELOPMENT_ISSUER = 'https://dev-auth.dxhub.invalid';

/** SHA-256 of infra/dev-auth/dev-public-key.pem's SubjectPublicKeyInfo (DER), base64url; a unit test keeps it true. */
export const DEVELOPMENT_KEY_SHA256 = 'mYi3iiH1GJR0Qtx8335jj-vvETIh9zqB7wmDtmRuMHU';

/** The fingerprint DEVELOPMENT_KEY_SHA256 is compared with: SHA-256 of the key's SPKI DER, base64url. */
export function publicKeyFingerprint(pem: string): string {
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url');
}
