import type { Role } from '@dxhub/auth';
import type { EventType } from '@dxhub/contracts';

/*
 * The vocabulary of the rules: what a rule is (recipients, severity, texts, link), how its texts are filled, and
 * the small helpers the rule tables read event fields with. The tables themselves are per event family
 * (task-rules.ts, indicator-rules.ts, reporting-rules.ts, rejection-rules.ts), gathered in notification-rules.ts.
 */

export const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Locale = 'vi' | 'en';
/** An event's data, as the rules read it (by field name). */
export type Data = Record<string, unknown>;

export interface Template {
  subject: string;
  body: string;
}

/** Who a rule addresses: users with one of `roles` in the named agencies (`*`: in any agency). */
export interface RecipientSpec {
  agencies: (data: Data) => string[] | '*';
  roles: Role[];
}

/**
 * A rule turns one event type into notices: recipients, severity and the texts in both languages. The
 * event's data has passed its contract class (libs/contracts) before a rule sees it.
 */
export interface NotificationRule {
  id: string;
  eventType: EventType;
  topic: string;
  severity: Severity;
  recipients: RecipientSpec[];
  /** Agencies whose webhook (if they configured one) gets the notice. */
  webhookAgencies: (data: Data) => string[];
  templates: Record<Locale, Template>;
  /** Fields the texts show that the event does not carry as such (a summary of a list, say). */
  shown?: (data: Data) => Data;
  /** What the notice is about, on the service that has it: a path with its query, joined to that service's public URL. */
  link: (data: Data) => ServiceLink | undefined;
}

/** The services a notice links to; each has a public URL (INDICATORS_PUBLIC_URL, TASKS_PUBLIC_URL, REPORTING_PUBLIC_URL). */
export type LinkedService = 'indicators' | 'tasks' | 'reporting';
export interface ServiceLink {
  service: LinkedService;
  path: string;
}

/** A link to `path` (from the event's data) on `service`; no link when `path` gives none. */
export const on =
  (service: LinkedService, path: (d: Data) => string | undefined) =>
  (d: Data): ServiceLink | undefined => {
    const p = path(d);
    return p === undefined ? undefined : { service, path: p };
  };

/** A field holding one agency code, as a list (empty when the field is missing or empty). */
export const str = (v: unknown): string[] => (typeof v === 'string' && v.length > 0 ? [v] : []);
/** A field holding a list of codes: its strings. */
export const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
/** The event's `agency`, as a list. */
export const agency = (d: Data) => str(d.agency);
/** At most this many codes of a list are written out in a notice; the rest are counted. */
const LISTED_CODES = 5;
export const codesShown = (v: unknown): string => {
  const codes = list(v);
  const more = codes.length - LISTED_CODES;
  return more > 0 ? `${codes.slice(0, LISTED_CODES).join(', ')} (+${more})` : codes.join(', ');
};
export const query = (params: Record<string, unknown>): string =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]): [string, string][] =>
      typeof v === 'string' && v.length > 0 ? [[k, v]] : [],
    ),
  ).toString();

/** What a rule's texts are filled from: the event's fields, the rule's shown fields and `link`, an absolute URL. */
export function textFields(rule: NotificationRule, data: Data, publicUrls: Record<LinkedService, string>): Data {
  const target = rule.link(data);
  const link = target ? `${publicUrls[target.service].replace(/\/$/, '')}${target.path}` : undefined;
  return { ...data, ...rule.shown?.(data), ...(link ? { link } : {}) };
}

/** Fills `{{field}}` from the event data; a missing field renders as “—”. */
export function render(template: string, data: Data): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, field: string) => {
    const value = data[field];
    if (value === undefined || value === null || value === '') return '—';
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}
