import { get, post, put } from '../../api/client';
import { cursorTrail } from '../../common/table';

/** A notice in my inbox (notifications service, apps/notifications/src/inbox/inbox.service.ts InboxItem). */
export interface InboxItem {
  id: string;
  /** The rule that made it: `task-submitted`, `task-overdue`, … */
  rule: string;
  severity: Severity;
  /** Written in the language of my directory entry when the notice was made. */
  subject: string;
  body: string;
  eventType: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  unreadCount: number;
  nextCursor: string | null;
}

export const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHANNELS = ['inbox', 'email', 'sms', 'zalo'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Preferences {
  channels: Record<Severity, Channel[]>;
  /** Local HH:MM; e-mail (not critical) waits until the end. */
  quietHours: { start: string; end: string } | null;
  /** Low-severity e-mails go into one daily digest. */
  digest: boolean;
}

export const PAGE_SIZE = 20;

/** The cursor of the page shown and whether only unread notices are, from the address (`?show=unread&at=120,98`). */
export function pageQuery(search: URLSearchParams): { cursor?: string; unread: boolean } {
  return { cursor: inboxTrail(search.get('at') ?? '').cursor, unread: search.get('show') === 'unread' };
}

/** The inbox's pages walked through (`?at=120,98`); its cursors are notice ids. */
export const inboxTrail = (at: string) => cursorTrail(at, (cursor) => /^\d+$/.test(cursor));

export const inboxPage = (query: { cursor?: string; unread?: boolean; limit?: number }) =>
  get<InboxPage>('notifications', '/v1/inbox', {
    limit: query.limit ?? PAGE_SIZE,
    cursor: query.cursor,
    unread: query.unread ? true : undefined,
  });

export const markRead = (id: string) => post<void>('notifications', `/v1/inbox/${encodeURIComponent(id)}/read`);

export const markAllRead = () => post<void>('notifications', '/v1/inbox/read-all');

export const getPreferences = () => get<Preferences>('notifications', '/v1/preferences');

export const savePreferences = (preferences: Preferences) =>
  put<Preferences>('notifications', '/v1/preferences', preferences);

/** Whether something the stream sent is a notice (the stream also sends pings, which carry no data). */
export function isInboxItem(data: unknown): data is InboxItem {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Partial<InboxItem>;
  return typeof d.id === 'string' && typeof d.subject === 'string' && typeof d.createdAt === 'string';
}

/** Notice ids are bigint sequence numbers sent as text: compared as numbers. */
export const newerThan = (a: string, b: string) => a.length > b.length || (a.length === b.length && a > b);
