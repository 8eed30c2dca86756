import { auditRequestIn } from '@dxhub/audit';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@dxhub/auth';
import { DomainErrorKind, DomainException } from '@dxhub/http';
import { DataSource } from 'typeorm';
import { type InboxRow, NoticesRepository } from '../notices/notices.repository';

/** A notice in the inbox, as the API and the live stream show it. */
export interface InboxItem {
  id: string;
  rule: string;
  severity: string;
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

const toInboxItem = (r: InboxRow): InboxItem => ({
  id: r.id,
  rule: r.rule,
  severity: r.severity,
  subject: r.subject,
  body: r.body,
  eventType: r.event_type,
  data: r.data,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at ? r.read_at.toISOString() : null,
});

/** The in-app inbox: a person's own notices (channel `inbox`, sent), newest first, and what they have read. */
@Injectable()
export class InboxService {
  constructor(
    // Only to open transactions: every statement is the notices repository's.
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly notices: NoticesRepository,
  ) {}

  /** A page of `me`'s notices older than `cursor` (all, or only unread ones), with the unread count. */
  async page(me: Principal, query: { limit: number; cursor: string | null; unreadOnly: boolean }): Promise<InboxPage> {
    const rows = await this.notices.inboxPage(me.sub, me.agency, {
      cursor: query.cursor,
      unreadOnly: query.unreadOnly,
      limit: query.limit + 1,
    });
    const count = await this.notices.unreadCount(me.sub, me.agency);
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(toInboxItem),
      unreadCount: count,
      nextCursor: rows.length > query.limit ? page[page.length - 1].id : null,
    };
  }

  /** A notice shown in an inbox (sent), or undefined. */
  async sentItem(id: string): Promise<InboxItem | undefined> {
    const row = await this.notices.sentInboxNotice(id);
    return row && toInboxItem(row);
  }

  /** Marks one of `me`'s notices read (idempotent); audited. */
  async markRead(me: Principal, id: string): Promise<void> {
    if (!/^\d{1,18}$/.test(id))
      throw new DomainException(DomainErrorKind.NOT_FOUND, 'NOTICE_NOT_FOUND', `no notice ${id} in your inbox`);
    await this.dataSource.transaction(async (m) => {
      const updated = await this.notices.markRead(m, id, me.sub, me.agency);
      if (updated === 0)
        throw new DomainException(DomainErrorKind.NOT_FOUND, 'NOTICE_NOT_FOUND', `no notice ${id} in your inbox`);
      await auditRequestIn(m, { noticeId: id });
    });
  }

  /** Marks all of `me`'s notices read; audited with how many. */
  async markAllRead(me: Principal): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const marked = await this.notices.markAllRead(m, me.sub, me.agency);
      await auditRequestIn(m, { marked });
    });
  }
}
