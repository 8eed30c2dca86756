import { Inject, Injectable } from '@nestjs/common';
import {
  type Column,
  column,
  execute,
  type RowOf,
  rowShape,
  selectFirst,
  selectOne,
  selectRows,
  type SqlExecutor,
} from '@dxhub/persistence';
import { DataSource } from 'typeorm';
import { localeColumn } from '../notices/notices.repository';
import type { Preferences } from '../preferences/preferences';
import type { AgencySettingsInput, SubscriberInput } from './subscriber';

/**
 * A preferences column (jsonb, or NULL): an object, as this service wrote it from a validated PreferencesDto. Only
 * its kind is checked here; its fields are read with defaults (effectivePreferences), as they always were.
 */
const preferencesColumn: Column<Partial<Preferences> | null> = {
  expected: 'preferences (json object) or null',
  accepts: (value: unknown): value is Partial<Preferences> | null =>
    value === null || (typeof value === 'object' && !Array.isArray(value)),
};

const subscriberRow = rowShape({
  user_id: column.text,
  agency_code: column.text,
  roles: column.textArray,
  email: column.nullable(column.text),
  locale: localeColumn,
  preferences: preferencesColumn,
});
export type SubscriberRow = RowOf<typeof subscriberRow>;

const agencySettingsRow = rowShape({
  agency_code: column.text,
  webhook_url: column.nullable(column.text),
  email: column.nullable(column.text),
  preferences: preferencesColumn,
});
export type AgencySettingsRow = RowOf<typeof agencySettingsRow>;

const agencySettingsView = rowShape({
  agency_code: column.text,
  webhook_url: column.nullable(column.text),
  has_secret: column.boolean,
  email: column.nullable(column.text),
  preferences: preferencesColumn,
});
/** An agency's settings as they are shown: whether a webhook secret is set, never the secret. */
export type AgencySettingsView = RowOf<typeof agencySettingsView>;

const storedAgencySettings = rowShape({
  webhook_url: column.nullable(column.text),
  webhook_secret: column.nullable(column.text),
  email: column.nullable(column.text),
  preferences: column.json,
});
/** An agency's settings as stored, secret included, before a change. */
export type StoredAgencySettings = RowOf<typeof storedAgencySettings>;

const adminRow = rowShape({ user_id: column.text, locale: localeColumn });
const webhookTarget = rowShape({ url: column.text, secret: column.text });
/** Where an agency's webhook goes and the secret it is signed with. */
export type WebhookTarget = RowOf<typeof webhookTarget>;

const SUBSCRIBER_COLUMNS = 'user_id, agency_code, roles, email, locale, preferences';

/** Every statement on the directory's tables: subscribers (people) and agency_settings. */
@Injectable()
export class SubscribersRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The whole directory: a province's officials are few. */
  allSubscribers(): Promise<SubscriberRow[]> {
    return selectRows(this.dataSource, subscriberRow, `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers`);
  }

  allAgencySettings(): Promise<AgencySettingsRow[]> {
    return selectRows(
      this.dataSource,
      agencySettingsRow,
      `SELECT agency_code, webhook_url, email, preferences FROM agency_settings`,
    );
  }

  /** Subscribers by user id, of one agency or of all. */
  list(agencyCode: string | null): Promise<SubscriberRow[]> {
    return selectRows(
      this.dataSource,
      subscriberRow,
      `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE $1::text IS NULL OR agency_code = $1 ORDER BY user_id`,
      [agencyCode],
    );
  }

  get(userId: string): Promise<SubscriberRow | undefined> {
    return selectFirst(
      this.dataSource,
      subscriberRow,
      `SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE user_id = $1`,
      [userId],
    );
  }

  /** Adds or replaces a subscriber, every field. */
  upsert(executor: SqlExecutor, userId: string, input: SubscriberInput): Promise<SubscriberRow> {
    return selectOne(
      executor,
      subscriberRow,
      `INSERT INTO subscribers (user_id, agency_code, roles, email, locale, preferences)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET agency_code = EXCLUDED.agency_code, roles = EXCLUDED.roles, email = EXCLUDED.email,
         locale = EXCLUDED.locale, preferences = EXCLUDED.preferences, updated_at = now()
       RETURNING ${SUBSCRIBER_COLUMNS}`,
      [
        userId,
        input.agencyCode,
        input.roles,
        input.email ?? null,
        input.locale ?? 'vi',
        input.preferences ? JSON.stringify(input.preferences) : null,
      ],
    );
  }

  /** Removes a subscriber; answers how many rows went (0 or 1). */
  remove(executor: SqlExecutor, userId: string): Promise<number> {
    return execute(executor, `DELETE FROM subscribers WHERE user_id = $1`, [userId]);
  }

  /** Sets a subscriber's preferences; one not yet in the directory is added with the agency and roles given. */
  setPreferences(
    executor: SqlExecutor,
    userId: string,
    agencyCode: string,
    roles: string[],
    preferences: Partial<Preferences>,
  ): Promise<SubscriberRow> {
    return selectOne(
      executor,
      subscriberRow,
      `INSERT INTO subscribers (user_id, agency_code, roles, preferences) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET preferences = EXCLUDED.preferences, updated_at = now()
         RETURNING ${SUBSCRIBER_COLUMNS}`,
      [userId, agencyCode, roles, JSON.stringify(preferences)],
    );
  }

  /** The admins of an agency, by user id: who hears of a change to its settings. */
  adminsOf(executor: SqlExecutor, agencyCode: string): Promise<RowOf<typeof adminRow>[]> {
    return selectRows(
      executor,
      adminRow,
      `SELECT user_id, locale FROM subscribers WHERE agency_code = $1 AND 'admin' = ANY(roles) ORDER BY user_id`,
      [agencyCode],
    );
  }

  agencySettings(agencyCode: string): Promise<AgencySettingsView | undefined> {
    return selectFirst(
      this.dataSource,
      agencySettingsView,
      `SELECT agency_code, webhook_url, webhook_secret IS NOT NULL AS has_secret, email, preferences FROM agency_settings WHERE agency_code = $1`,
      [agencyCode],
    );
  }

  /** An agency's stored settings, locked until the caller's transaction ends; undefined when it has none. */
  lockAgencySettings(executor: SqlExecutor, agencyCode: string): Promise<StoredAgencySettings | undefined> {
    return selectFirst(
      executor,
      storedAgencySettings,
      `SELECT webhook_url, webhook_secret, email, preferences FROM agency_settings WHERE agency_code = $1 FOR UPDATE`,
      [agencyCode],
    );
  }

  /** Writes an agency's settings; a secret not given keeps the one stored. */
  async saveAgencySettings(executor: SqlExecutor, agencyCode: string, input: AgencySettingsInput): Promise<void> {
    await execute(
      executor,
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
  }

  /** An agency's webhook, read at send time, or undefined when it has none. */
  webhookTarget(agencyCode: string): Promise<WebhookTarget | undefined> {
    return selectFirst(
      this.dataSource,
      webhookTarget,
      `SELECT webhook_url AS url, webhook_secret AS secret FROM agency_settings WHERE agency_code = $1 AND webhook_url IS NOT NULL`,
      [agencyCode],
    );
  }
}
