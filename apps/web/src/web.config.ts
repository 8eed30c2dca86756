import { IsIn, IsString, Matches, ValidateIf } from 'class-validator';

const SERVICE_URL = /^https?:\/\/[^\s/"'<>]+$/;
const serviceUrl = (variable: string) => ({
  message: `${variable} must be the service's origin, http(s)://host:port with no path`,
});

/**
 * Where the web app's server finds the four services (it forwards `/api/<service>/…` to them, so the browser
 * talks to one origin) and where people sign in.
 */
export class WebConfig {
  @Matches(SERVICE_URL, serviceUrl('TASKS_URL'))
  TASKS_URL = 'http://127.0.0.1:3001';

  @Matches(SERVICE_URL, serviceUrl('INDICATORS_URL'))
  INDICATORS_URL = 'http://127.0.0.1:3002';

  @Matches(SERVICE_URL, serviceUrl('NOTIFICATIONS_URL'))
  NOTIFICATIONS_URL = 'http://127.0.0.1:3003';

  @Matches(SERVICE_URL, serviceUrl('REPORTING_URL'))
  REPORTING_URL = 'http://127.0.0.1:3004';

  /**
   * The OpenID Connect issuer people sign in at (authorization code with PKCE), usually AUTH_ISSUER of the
   * services; empty: no sign-in page, and a development token is taken as `#token=<jwt>`.
   */
  @ValidateIf((c: WebConfig) => c.WEB_OIDC_CLIENT_ID !== '' || c.WEB_OIDC_ISSUER !== '')
  @Matches(/^https?:\/\/[^\s"'<>]+$/, {
    message: 'WEB_OIDC_ISSUER must be the http(s) issuer URL when WEB_OIDC_CLIENT_ID is set',
  })
  WEB_OIDC_ISSUER = '';

  /** The app's public client at that issuer (PKCE; redirect URIs `<this origin>/*`). */
  @ValidateIf((c: WebConfig) => c.WEB_OIDC_ISSUER !== '')
  @Matches(/^[\w.-]+$/, { message: 'WEB_OIDC_CLIENT_ID must name the public client when WEB_OIDC_ISSUER is set' })
  WEB_OIDC_CLIENT_ID = '';

  /** The built app (vite build's output). */
  @IsString()
  WEB_STATIC_DIR = 'dist/apps/web/client';

  /** Which language a person sees before choosing one. */
  @IsIn(['vi', 'en'])
  WEB_DEFAULT_LANGUAGE = 'vi';
}

export type ServiceName = 'tasks' | 'indicators' | 'notifications' | 'reporting';

export function serviceOrigins(config: WebConfig): Record<ServiceName, string> {
  return {
    tasks: config.TASKS_URL,
    indicators: config.INDICATORS_URL,
    notifications: config.NOTIFICATIONS_URL,
    reporting: config.REPORTING_URL,
  };
}
