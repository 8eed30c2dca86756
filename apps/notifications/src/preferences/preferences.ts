import type { Severity } from '../rules/notification-rules';

/** Channels a person can choose; webhooks belong to agencies, not people. */
export const PERSONAL_CHANNELS = ['inbox', 'email', 'sms', 'zalo'] as const;
export type PersonalChannel = (typeof PERSONAL_CHANNELS)[number];

export interface QuietHours {
  /** Local time HH:MM; the window may cross midnight (21:00–07:00). */
  start: string;
  end: string;
}

/** What a user (or, as a default for its users, an agency) wants. */
export interface Preferences {
  channels: Record<Severity, PersonalChannel[]>;
  quietHours: QuietHours | null;
  /** Low-severity e-mails go into one daily digest instead of one message each. */
  digest: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = {
  channels: {
    critical: ['inbox', 'email'],
    high: ['inbox', 'email'],
    normal: ['inbox', 'email'],
    low: ['inbox', 'email'],
  },
  quietHours: null,
  digest: true,
};

/** Critical notices bypass preferences: they always reach the inbox and e-mail, quiet hours or not. */
export const CRITICAL_CHANNELS: PersonalChannel[] = ['inbox', 'email'];

/** The user's own preferences win, then the agency's defaults, then the platform's. */
export function effectivePreferences(
  user: Partial<Preferences> | null,
  agency: Partial<Preferences> | null,
): Preferences {
  return { ...DEFAULT_PREFERENCES, ...(agency ?? {}), ...(user ?? {}) };
}

export function channelsFor(prefs: Preferences, severity: Severity): PersonalChannel[] {
  if (severity === 'critical') return [...new Set([...CRITICAL_CHANNELS, ...(prefs.channels.critical ?? [])])];
  return prefs.channels[severity] ?? DEFAULT_PREFERENCES.channels[severity];
}

const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * When a notice that arrives at `now` may be sent: `now`, or the end of the quiet hours it falls in
 * (local time = UTC + offsetMinutes).
 */
export function quietHoursRelease(now: Date, quiet: QuietHours | null, offsetMinutes: number): Date {
  if (!quiet) return now;
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  if (start === end) return now;
  const local = new Date(now.getTime() + offsetMinutes * 60000);
  const current = local.getUTCHours() * 60 + local.getUTCMinutes();
  const inside = start < end ? current >= start && current < end : current >= start || current < end;
  if (!inside) return now;
  let wait = end - current;
  if (wait <= 0) wait += 24 * 60;
  const release = new Date(now.getTime() + wait * 60000);
  release.setUTCSeconds(0, 0);
  return release;
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, offsetMinutes: number): string {
  return new Date(at.getTime() + offsetMinutes * 60000).toISOString().slice(0, 10);
}
