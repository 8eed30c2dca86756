import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { DataSource } from 'typeorm';
import { NotificationsConfig } from '../config/notifications.config';
import type { AgencySettings, Subscriber } from '../delivery/notice-planner';
import type { Preferences } from '../preferences/preferences';

interface SubscriberRow {
  user_id: string;
  agency_code: string;
  roles: string[];
  email: string | null;
  locale: 'vi' | 'en';
  preferences: Partial<Preferences> | null;
}

export interface SubscriberInput {
  agencyCode: string;
  roles: string[];
  email?: string | null;
  locale?: 'vi' | 'en';
  preferences?: Partial<Preferences> | null;
}

export interface AgencySettingsInput {
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  email?: string | null;
  preferences?: Partial<Preferences> | null;
}

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
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: NotificationsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEV_SUBSCRIBERS) return;
    for (const s of DEV_SUBSCRIBERS) await this.upsert(s.userId, s);
    this.logger.log({ msg: 'development subscribers seeded', count: DEV_SUBSCRIBERS.length });
  }

  /** Everything the planner needs for one batch: a directory of a province's officials is small. */
  async snapshot(): Promise<{ subscribers: Subscriber[]; agencies: Map<string, AgencySettings> }> {
    const [subscribers, agencies] = await Promise.all([
      this.dataSource.query(
        `SELECT user_id, agency_code, roles, email, locale, preferences FROM subscribers`,
      ) as Promise<SubscriberRow[]>,
      this.dataSource.query(`SELECT agency_code, webhook_url, email, preferences FROM agency_settings`) as Promise<
        {
          agency_code: string;
          webhook_url: string | null;
          email: string | null;
          preferences: Partial<Preferences> | null;
        }[]
      >,
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
    const rows: SubscriberRow[] = await this.dataSource.query(
      `SELECT user_id, agency_code, roles, email, locale, preferences FROM subscribers WHERE $1::text IS NULL OR agency_code = $1 ORDER BY user_id`,
      [agencyCode ?? null],
    );
    return rows.map(toSubscriber);
  }

  async get(userId: string): Promise<Subscriber | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT user_id, agency_code, roles, email, locale, preferences FROM subscribers WHERE user_id = $1`,
      [userId],
    )) as SubscriberRow[];
    return row ? toSubscriber(row) : undefined;
  }

  async upsert(userId: string, input: SubscriberInput): Promise<Subscriber> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO subscribers (user_id, agency_code, roles, email, locale, preferences)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET agency_code = EXCLUDED.agency_code, roles = EXCLUDED.roles, email = EXCLUDED.email,
         locale = EXCLUDED.locale, preferences = EXCLUDED.preferences, updated_at = now()
       RETURNING user_id, agency_code, roles, email, locale, preferences`,
      [
        userId,
        input.agencyCode,
        input.roles,
        input.email ?? null,
        input.locale ?? 'vi',
        input.preferences ? JSON.stringify(input.preferences) : null,
      ],
    )) as SubscriberRow[];
    return toSubscriber(row);
  }

  async remove(userId: string): Promise<void> {
    // TypeORM answers a DELETE with [rows, affected count].
    const [, deleted] = (await this.dataSource.query(`DELETE FROM subscribers WHERE user_id = $1`, [userId])) as [
      unknown[],
      number,
    ];
    if (deleted === 0)
      throw new DomainException(DomainErrorKind.NOT_FOUND, 'SUBSCRIBER_NOT_FOUND', `no subscriber ${userId}`);
  }

  /** Sets the user's own preferences; a user not yet in the directory is added from the token. */
  async setPreferences(
    userId: string,
    agencyCode: string,
    roles: string[],
    preferences: Partial<Preferences>,
  ): Promise<Subscriber> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO subscribers (user_id, agency_code, roles, preferences) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET preferences = EXCLUDED.preferences, updated_at = now()
       RETURNING user_id, agency_code, roles, email, locale, preferences`,
      [userId, agencyCode, roles, JSON.stringify(preferences)],
    )) as SubscriberRow[];
    return toSubscriber(row);
  }

  async agencySettings(agencyCode: string): Promise<AgencySettings & { hasWebhookSecret: boolean }> {
    const [row] = (await this.dataSource.query(
      `SELECT agency_code, webhook_url, webhook_secret IS NOT NULL AS has_secret, email, preferences FROM agency_settings WHERE agency_code = $1`,
      [agencyCode],
    )) as {
      agency_code: string;
      webhook_url: string | null;
      has_secret: boolean;
      email: string | null;
      preferences: Partial<Preferences> | null;
    }[];
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

  async setAgencySettings(
    agencyCode: string,
    input: AgencySettingsInput,
  ): Promise<AgencySettings & { hasWebhookSecret: boolean }> {
    if (input.webhookUrl && !input.webhookSecret) {
      const [existing] = (await this.dataSource.query(
        `SELECT webhook_secret FROM agency_settings WHERE agency_code = $1`,
        [agencyCode],
      )) as {
        webhook_secret: string | null;
      }[];
      if (!existing?.webhook_secret) {
        throw new DomainException(
          DomainErrorKind.INVALID_INPUT,
          'WEBHOOK_SECRET_REQUIRED',
          'a webhook needs a signing secret (webhookSecret)',
        );
      }
    }
    await this.dataSource.query(
      `INSERT INTO agency_settings (agency_code, webhook_url, webhook_secret, email, preferences) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (agency_code) DO UPDATE SET webhook_url = EXCLUDED.webhook_url,
         webhook_secret = COALESCE(EXCLUDED.webhook_secret, agency_settings.webhook_secret), email = EXCLUDED.email,
         preferences = EXCLUDED.preferences, updated_at = now()`,
      [
        agencyCode,
        input.webhookUrl ?? null,
        input.webhookSecret ?? null,
        input.email ?? null,
        input.preferences ? JSON.stringify(input.preferences) : null,
      ],
    );
    return this.agencySettings(agencyCode);
  }
}
