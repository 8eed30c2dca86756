import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { auditRequestIn } from '@dxhub/audit';
import { assertAllowed, mayManageAgencySettings, type Principal } from '@dxhub/auth';
import { Clock } from '@dxhub/calendar';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import type { SqlExecutor } from '@dxhub/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotificationsConfig } from '../config/notifications.config';
import { NewNoticesSignal } from '../notices/new-notices.signal';
import type { NoticeRow } from '../notices/notice-row';
import { NoticesRepository } from '../notices/notices.repository';
import { SETTINGS_CHANGED_RULE } from '../rules/notification-rules';
import type { Preferences } from '../preferences/preferences';
import type { AgencySettings, AgencySettingsInput, Subscriber, SubscriberInput } from './subscriber';
import {
  type StoredAgencySettings,
  type SubscriberRow,
  SubscribersRepository,
  type WebhookTarget,
} from './subscribers.repository';
import { WebhookTargetPolicy, WebhookTargetRefusedError } from './webhook-target';

const toSubscriber = (r: SubscriberRow): Subscriber => ({
  userId: r.user_id,
  agencyCode: r.agency_code,
  roles: r.roles,
  email: r.email,
  locale: r.locale,
  preferences: r.preferences,
});

/** Development subscribers (SEED_DEV_SUBSCRIBERS=true): who `npm run token -- --sub=…` tokens are for. */
const DEV_SUBSCRIBERS: (SubscriberInput & { userId: string })[] = [
  {
    userId: 'dev-sttt-reporter',
    agencyCode: 'STTTT',
    roles: ['reporter'],
    email: 'bao-cao@stttt.example.vn',
    locale: 'vi',
  },
  {
    userId: 'dev-sttt-approver',
    agencyCode: 'STTTT',
    roles: ['approver', 'programme-office'],
    email: 'pho-giam-doc@stttt.example.vn',
    locale: 'vi',
  },
  { userId: 'dev-syt-reporter', agencyCode: 'SYT', roles: ['reporter'], email: 'bao-cao@syt.example.vn', locale: 'vi' },
  {
    userId: 'dev-skhcn-admin',
    agencyCode: 'SKHCN',
    roles: ['admin', 'programme-office'],
    email: 'admin@skhcn.example.vn',
    locale: 'en',
  },
];

/** The user directory notices are addressed through, and each agency's webhook, contact and default preferences. */
@Injectable()
export class SubscribersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SubscribersService.name);

  constructor(
    // Only to open transactions: every statement is the repositories'.
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly directory: SubscribersRepository,
    private readonly config: NotificationsConfig,
    private readonly webhookTargets: WebhookTargetPolicy,
    private readonly notices: NoticesRepository,
    private readonly newNotices: NewNoticesSignal,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEV_SUBSCRIBERS) return;
    for (const s of DEV_SUBSCRIBERS) await this.upsert(s.userId, s);
    this.logger.log({ msg: 'development subscribers seeded', count: DEV_SUBSCRIBERS.length });
  }

  /** Everything the planner needs for one batch: a directory of a province's officials is small. */
  async snapshot(): Promise<{ subscribers: Subscriber[]; agencies: Map<string, AgencySettings> }> {
    const [subscribers, agencies] = await Promise.all([
      this.directory.allSubscribers(),
      this.directory.allAgencySettings(),
    ]);
    return {
      subscribers: subscribers.map(toSubscriber),
      agencies: new Map(
        agencies.map((a) => [
          a.agency_code,
          { agencyCode: a.agency_code, webhookUrl: a.webhook_url, email: a.email, preferences: a.preferences },
        ]),
      ),
    };
  }

  async list(agencyCode?: string): Promise<Subscriber[]> {
    const rows = await this.directory.list(agencyCode ?? null);
    return rows.map(toSubscriber);
  }

  async get(userId: string): Promise<Subscriber | undefined> {
    const row = await this.directory.get(userId);
    return row ? toSubscriber(row) : undefined;
  }

  async upsert(userId: string, input: SubscriberInput): Promise<Subscriber> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.directory.upsert(m, userId, input);
      await auditRequestIn(m, { userId, agencyCode: input.agencyCode });
      return toSubscriber(row);
    });
  }

  async remove(userId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const deleted = await this.directory.remove(m, userId);
      if (deleted === 0)
        throw new DomainException(DomainErrorKind.NOT_FOUND, 'SUBSCRIBER_NOT_FOUND', `no subscriber ${userId}`);
      await auditRequestIn(m, { userId });
    });
  }

  /** Sets the user's own preferences; a user not yet in the directory is added from the token. */
  async setPreferences(
    userId: string,
    agencyCode: string,
    roles: string[],
    preferences: Partial<Preferences>,
  ): Promise<Subscriber> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.directory.setPreferences(m, userId, agencyCode, roles, preferences);
      await auditRequestIn(m);
      return toSubscriber(row);
    });
  }

  /** Where an agency's webhook goes and its signing secret, or undefined when it has none (read at each send). */
  webhookTarget(agencyCode: string): Promise<WebhookTarget | undefined> {
    return this.directory.webhookTarget(agencyCode);
  }

  /** An agency's settings, for a caller allowed to see them (its own admin or the programme office). */
  async agencySettingsFor(by: Principal, agencyCode: string): Promise<AgencySettings & { hasWebhookSecret: boolean }> {
    assertAllowed(mayManageAgencySettings(by, agencyCode));
    return this.agencySettings(agencyCode);
  }

  async agencySettings(agencyCode: string): Promise<AgencySettings & { hasWebhookSecret: boolean }> {
    const row = await this.directory.agencySettings(agencyCode);
    if (!row)
      throw new DomainException(
        DomainErrorKind.NOT_FOUND,
        'AGENCY_SETTINGS_NOT_FOUND',
        `no settings for agency ${agencyCode}`,
      );
    return {
      agencyCode: row.agency_code,
      webhookUrl: row.webhook_url,
      email: row.email,
      preferences: row.preferences,
      hasWebhookSecret: row.has_secret,
    };
  }

  /**
   * Sets an agency's notification settings for a caller allowed to (its own admin or the programme office): the
   * webhook URL must pass the target policy (no internal address, https in production). The change, its audit row
   * and a notice to each of the agency's admins commit in one transaction.
   */
  async setAgencySettings(
    agencyCode: string,
    input: AgencySettingsInput,
    by: Principal,
  ): Promise<AgencySettings & { hasWebhookSecret: boolean }> {
    assertAllowed(mayManageAgencySettings(by, agencyCode));
    if (input.webhookUrl) {
      try {
        await this.webhookTargets.check(input.webhookUrl);
      } catch (error) {
        if (!(error instanceof WebhookTargetRefusedError)) throw error;
        throw new DomainException(DomainErrorKind.INVALID_INPUT, 'WEBHOOK_TARGET_NOT_ALLOWED', error.message);
      }
    }
    await this.dataSource.transaction(async (m) => {
      const before = await this.directory.lockAgencySettings(m, agencyCode);
      if (input.webhookUrl && !input.webhookSecret && !before?.webhook_secret) {
        throw new DomainException(
          DomainErrorKind.INVALID_INPUT,
          'WEBHOOK_SECRET_REQUIRED',
          'a webhook needs a signing secret (webhookSecret)',
        );
      }
      await this.directory.saveAgencySettings(m, agencyCode, input);
      const change = describeChange(before, input);
      await auditRequestIn(m, { agencyCode, ...change });
      await this.noticeAgencyAdmins(m, agencyCode, by, change);
    });
    this.newNotices.notify();
    return this.agencySettings(agencyCode);
  }

  /** An inbox notice to each admin of the agency: who changed where its notices go, and what. */
  private async noticeAgencyAdmins(
    m: SqlExecutor,
    agencyCode: string,
    by: Principal,
    change: SettingsChange,
  ): Promise<void> {
    const admins = await this.directory.adminsOf(m, agencyCode);
    if (admins.length === 0) return;
    const now = this.clock.now().toISOString();
    const eventId = `${agencyCode}:${randomUUID()}`;
    const rows: NoticeRow[] = admins.map((a) => ({
      event_source: '/services/notifications',
      event_id: eventId,
      event_type: SETTINGS_CHANGED_EVENT,
      rule: SETTINGS_CHANGED_RULE,
      severity: 'high',
      recipient: a.user_id,
      agency_code: agencyCode,
      channel: 'inbox',
      address: null,
      locale: a.locale,
      ...settingsChangedText(a.locale, agencyCode, by, change),
      data: { agencyCode, changedBy: by.sub, changedByAgency: by.agency, ...change },
      status: 'pending',
      max_attempts: this.config.DELIVERY_MAX_ATTEMPTS,
      next_attempt_at: now,
      fallback: [],
      created_at: now,
    }));
    await this.notices.insert(rows, m);
  }
}

/** The event type of the notice an agency's admins get when its settings change. */
const SETTINGS_CHANGED_EVENT = 'dx.notifications.agency-settings-changed';

/** What changed, without the secret itself (only whether it was rotated) and with the webhook's host, not its path. */
interface SettingsChange {
  changed: string[];
  webhookHost: string | null;
}

function describeChange(before: StoredAgencySettings | undefined, input: AgencySettingsInput): SettingsChange {
  const changed: string[] = [];
  if ((before?.webhook_url ?? null) !== (input.webhookUrl ?? null)) changed.push('webhookUrl');
  if (input.webhookSecret) changed.push('webhookSecret');
  if ((before?.email ?? null) !== (input.email ?? null)) changed.push('email');
  if (JSON.stringify(before?.preferences ?? null) !== JSON.stringify(input.preferences ?? null))
    changed.push('preferences');
  return { changed, webhookHost: input.webhookUrl ? new URL(input.webhookUrl).host : null };
}

function settingsChangedText(
  locale: 'vi' | 'en',
  agencyCode: string,
  by: Principal,
  change: SettingsChange,
): { subject: string; body: string } {
  const what = change.changed.length > 0 ? change.changed.join(', ') : '-';
  const target = change.webhookHost ?? '-';
  return locale === 'vi'
    ? {
        subject: `Cài đặt thông báo của ${agencyCode} đã được thay đổi`,
        body: `${by.sub} (${by.agency}) đã thay đổi: ${what}. Webhook: ${target}. Nếu không phải do đơn vị yêu cầu, hãy báo ngay cho Văn phòng Chương trình.`,
      }
    : {
        subject: `Notification settings of ${agencyCode} were changed`,
        body: `${by.sub} (${by.agency}) changed: ${what}. Webhook: ${target}. If your agency did not ask for this, tell the programme office at once.`,
      };
}
