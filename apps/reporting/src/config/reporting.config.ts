import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Min, ValidateIf } from 'class-validator';

export class ReportingConfig {
  /** Consumer group of the read-model projector; a new name replays the topics from the beginning. */
  @IsString()
  AGGREGATES_CONSUMER_GROUP = 'reporting-aggregates';

  /** Consumer group of the tasks read model (dx.tasks.events). */
  @IsString()
  TASKS_CONSUMER_GROUP = 'reporting-tasks';

  /** How often the report schedule looks for periods whose cut-off date has passed; 0 turns it off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  REPORT_SCHEDULE_INTERVAL_MS = 3600000;

  /** The org unit the scheduled period reports are for (the province). */
  @Matches(/^\d{2}(\d|\d{3})?$/)
  REPORT_ORG_UNIT = '82';

  /** Where readers reach the indicators service (open-data and dashboard provenance links to its explain endpoint). */
  @IsString()
  INDICATORS_PUBLIC_URL = 'http://127.0.0.1:3002';

  /** The licence the open-data feed states. */
  @IsString()
  OPEN_DATA_LICENSE = 'CC BY 4.0';

  /**
   * The OpenID Connect issuer people sign in at on the dashboard (authorization code with PKCE), usually
   * AUTH_ISSUER; empty: no sign-in (an open dashboard with AUTH_ANONYMOUS_READ, or `#token=` in development).
   */
  @ValidateIf((c: ReportingConfig) => c.DASHBOARD_OIDC_CLIENT_ID !== '' || c.DASHBOARD_OIDC_ISSUER !== '')
  @Matches(/^https?:\/\/[^\s"'<>]+$/, {
    message: 'DASHBOARD_OIDC_ISSUER must be the http(s) issuer URL when DASHBOARD_OIDC_CLIENT_ID is set',
  })
  DASHBOARD_OIDC_ISSUER = '';

  /** The dashboard's public client at that issuer (PKCE, redirect URI `<this service>/dashboard`). */
  @ValidateIf((c: ReportingConfig) => c.DASHBOARD_OIDC_ISSUER !== '')
  @Matches(/^[\w.-]+$/, {
    message: 'DASHBOARD_OIDC_CLIENT_ID must name the public client when DASHBOARD_OIDC_ISSUER is set',
  })
  DASHBOARD_OIDC_CLIENT_ID = '';
}
