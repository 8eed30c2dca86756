import { EnvBoolean, EnvInt, EnvList, isProduction, ProductionPolicyConfig } from '@dxhub/config';
import { IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** The notifications service's own settings (env var name = property name). */
export class NotificationsConfig extends ProductionPolicyConfig {
  /** Consumer group of the rules engine over the task, indicator and reporting events. */
  @IsString()
  NOTIFICATIONS_CONSUMER_GROUP = 'notifications-rules';

  @IsString()
  SMTP_HOST = '127.0.0.1';

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 1025;

  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  @EnvBoolean()
  @IsBoolean()
  SMTP_SECURE = false;

  /** Empty: no authentication. */
  @IsString()
  SMTP_USER = '';

  @IsString()
  SMTP_PASSWORD = '';

  @IsString()
  @MinLength(3)
  SMTP_FROM = 'DX Hub <thong-bao@dxhub.local>';

  /** Runs the delivery workers in this replica (several replicas share the queue safely). */
  @EnvBoolean()
  @IsBoolean()
  DELIVERY_WORKER_ENABLED = true;

  /** How often an idle worker looks for due deliveries. */
  @EnvInt()
  @IsInt()
  @Min(10)
  DELIVERY_POLL_MS = 500;

  /** At most this many due deliveries of each rule per claim: a burst of one rule cannot starve another. */
  @EnvInt()
  @IsInt()
  @Min(1)
  DELIVERY_CLAIM_PER_RULE = 50;

  /** Sends in flight at once per replica. */
  @EnvInt()
  @IsInt()
  @Min(1)
  DELIVERY_CONCURRENCY = 20;

  /** Tries per delivery before it is dead-lettered (status failed) and the next channel is tried. */
  @EnvInt()
  @IsInt()
  @Min(1)
  DELIVERY_MAX_ATTEMPTS = 5;

  /** Backoff before try n+1: min(max, base·2^(n-1)) with equal jitter (half fixed, half random). */
  @EnvInt()
  @IsInt()
  @Min(1)
  DELIVERY_BACKOFF_BASE_MS = 2000;

  @EnvInt()
  @IsInt()
  @Min(1)
  DELIVERY_BACKOFF_MAX_MS = 600000;

  /** A claimed delivery whose worker died is claimed again after this long. */
  @EnvInt()
  @IsInt()
  @Min(1000)
  DELIVERY_LEASE_MS = 60000;

  @EnvInt()
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 10000;

  /**
   * Hosts and networks (CIDR) webhooks may reach although they are internal addresses, comma-separated, e.g. an
   * agency gateway in the provincial network (`10.20.0.0/16`, `hooks.internal.example.vn`). Empty: public
   * addresses only.
   */
  @EnvList()
  @Matches(/^([A-Za-z0-9.-]+|[0-9.]+\/\d{1,2}|[0-9a-fA-F:]+(\/\d{1,3})?)$/, {
    each: true,
    message: 'WEBHOOK_ALLOWED_TARGETS entries must be host names or networks in CIDR form',
  })
  WEBHOOK_ALLOWED_TARGETS: string[] = [];

  /** The receiver's answer is read up to this many bytes, then the connection is closed. */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(1024 * 1024)
  WEBHOOK_MAX_RESPONSE_BYTES = 16 * 1024;

  /** Plain-http webhooks: accepted outside production (development), refused in production. */
  webhookAllowsHttp(): boolean {
    return !isProduction(this.policyEnv());
  }

  /** Local time for quiet hours and the daily digest: Việt Nam is UTC+7 all year (no DST). */
  @EnvInt()
  @IsInt()
  @Min(-720)
  @Max(840)
  LOCAL_UTC_OFFSET_MINUTES = 420;

  /** Local hour at which the daily digest of low-severity notices is sent. */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(23)
  DIGEST_HOUR = 7;

  /** How often to check whether the digest is due; 0 turns the timer off (POST /v1/digests/run still works). */
  @EnvInt()
  @IsInt()
  @Min(0)
  DIGEST_CHECK_MS = 60000;

  /** Where readers reach the indicators service: indicator and obligation notices link to it. */
  @IsString()
  INDICATORS_PUBLIC_URL = 'http://127.0.0.1:3002';

  /** Where readers reach the tasks service: task notices link to the task there. */
  @IsString()
  TASKS_PUBLIC_URL = 'http://127.0.0.1:3001';

  /** Where readers reach the reporting service: report notices link to the report there. */
  @IsString()
  REPORTING_PUBLIC_URL = 'http://127.0.0.1:3004';

  /** Adds a few development subscribers (STTTT, SYT, SKHCN) at start; never in production. */
  @EnvBoolean()
  @IsBoolean()
  SEED_DEV_SUBSCRIBERS = false;
}
