import { Matches, ValidateIf } from 'class-validator';

/** The API docs page (`/docs`): where a person signs in to try the API. */
export class DocsConfig {
  /**
   * A public client at AUTH_ISSUER (authorization code with PKCE, redirect URI `<service>/docs/oauth2-redirect.html`)
   * the docs page signs people in with; empty: the page takes a pasted bearer token only.
   */
  @ValidateIf((c: DocsConfig) => c.DOCS_OIDC_CLIENT_ID !== '')
  @Matches(/^[\w.-]+$/, { message: 'DOCS_OIDC_CLIENT_ID must be a client id (letters, digits, . _ -)' })
  DOCS_OIDC_CLIENT_ID = '';
}
