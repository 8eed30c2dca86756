import type { Preferences } from '../preferences/preferences';
import type { Locale } from '../rules/notification-rules';

/** A person in the directory: who notices are addressed to (by agency and role), and how they want them. */
export interface Subscriber {
  userId: string;
  agencyCode: string;
  roles: string[];
  email: string | null;
  locale: Locale;
  preferences: Partial<Preferences> | null;
}

/** An agency's webhook, contact e-mail (the webhook's fallback) and its users' default preferences. */
export interface AgencySettings {
  agencyCode: string;
  webhookUrl: string | null;
  email: string | null;
  preferences: Partial<Preferences> | null;
}

export interface SubscriberInput {
  agencyCode: string;
  roles: string[];
  email?: string | null;
  locale?: Locale;
  preferences?: Partial<Preferences> | null;
}

export interface AgencySettingsInput {
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  email?: string | null;
  preferences?: Partial<Preferences> | null;
}
