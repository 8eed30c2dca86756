import { effectivePreferences, channelsFor, quietHoursRelease } from '../preferences/preferences';
import {
  type LinkedService,
  type Locale,
  type NotificationRule,
  render,
  textFields,
} from '../rules/notification-rules';
import type { AgencySettings, Subscriber } from '../subscribers/subscriber';
import type { FallbackStep, NoticeRow } from '../notices/notice-row';

// The directory's types, exported from here too: the planner has always been where the rules' tests find them.
export type { AgencySettings, Subscriber } from '../subscribers/subscriber';

export interface PlannedEvent {
  source: string;
  id: string;
  type: string;
  data: Record<string, unknown>;
}

export interface PlanContext {
  now: Date;
  maxAttempts: number;
  offsetMinutes: number;
  /** Channels with a registered provider; others named in preferences are skipped. */
  available: ReadonlySet<string>;
  subscribers: Subscriber[];
  agencies: ReadonlyMap<string, AgencySettings>;
  /** Where readers reach each service: the bases of the absolute links in notices. */
  publicUrls: Record<LinkedService, string>;
}

/** Channels that wait for the end of quiet hours; the inbox is silent and webhooks are machines. */
const INTRUSIVE = new Set(['email', 'sms', 'zalo']);
/** Where a personal channel falls back to after its last try. */
const PERSONAL_FALLBACK: Record<string, string[]> = {
  sms: ['zalo', 'email', 'inbox'],
  zalo: ['email', 'inbox'],
  email: ['inbox'],
  inbox: [],
};

/**
 * The notices one event gives: for each recipient (users by agency and role, and agencies with a webhook)
 * and each channel their preferences pick, at most one row. Pure, so the rules are tested without I/O.
 */
export function planNotices(event: PlannedEvent, rule: NotificationRule, ctx: PlanContext): NoticeRow[] {
  const rows: NoticeRow[] = [];
  const nowIso = ctx.now.toISOString();
  const fields = textFields(rule, event.data, ctx.publicUrls);
  const base = (recipient: string, agencyCode: string, channel: string, locale: Locale) => ({
    event_source: event.source,
    event_id: event.id,
    event_type: event.type,
    rule: rule.id,
    severity: rule.severity,
    recipient,
    agency_code: agencyCode,
    channel,
    locale,
    subject: render(rule.templates[locale].subject, fields),
    body: render(rule.templates[locale].body, fields),
    data: event.data,
    max_attempts: ctx.maxAttempts,
    created_at: nowIso,
  });

  const users = new Map<string, Subscriber>();
  for (const spec of rule.recipients) {
    const agencies = spec.agencies(event.data);
    for (const s of ctx.subscribers) {
      if (agencies !== '*' && !agencies.includes(s.agencyCode)) continue;
      if (!s.roles.some((r) => (spec.roles as string[]).includes(r))) continue;
      users.set(s.userId, s);
    }
  }
  for (const user of users.values()) {
    const prefs = effectivePreferences(user.preferences, ctx.agencies.get(user.agencyCode)?.preferences ?? null);
    const channels = channelsFor(prefs, rule.severity).filter((c) => ctx.available.has(c));
    const addressOf = (channel: string): string | null | undefined =>
      channel === 'inbox' ? null : channel === 'email' ? (user.email ?? undefined) : undefined;
    for (const channel of new Set(channels)) {
      const address = addressOf(channel);
      if (address === undefined) continue;
      const held = channel === 'email' && rule.severity === 'low' && prefs.digest;
      const release =
        rule.severity !== 'critical' && INTRUSIVE.has(channel)
          ? quietHoursRelease(ctx.now, prefs.quietHours, ctx.offsetMinutes)
          : ctx.now;
      const fallback = (PERSONAL_FALLBACK[channel] ?? ['inbox'])
        .filter((c) => c !== channel && !(channels as string[]).includes(c) && ctx.available.has(c))
        .map((c) => ({ channel: c, address: addressOf(c) }))
        .filter((f): f is FallbackStep => f.address !== undefined);
      rows.push({
        ...base(user.userId, user.agencyCode, channel, user.locale),
        address,
        status: held ? 'held' : 'pending',
        next_attempt_at: release.toISOString(),
        fallback,
      });
    }
  }

  if (ctx.available.has('webhook')) {
    for (const code of new Set(rule.webhookAgencies(event.data))) {
      const settings = ctx.agencies.get(code);
      if (!settings?.webhookUrl) continue;
      rows.push({
        ...base(`agency:${code}`, code, 'webhook', 'vi'),
        address: settings.webhookUrl,
        status: 'pending',
        next_attempt_at: nowIso,
        fallback: settings.email && ctx.available.has('email') ? [{ channel: 'email', address: settings.email }] : [],
      });
    }
  }
  return rows;
}
