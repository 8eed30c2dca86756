import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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

/** A notice as the inbox shows it (channel `inbox`). */
export interface InboxRow {
  id: string;
  rule: string;
  severity: string;
  subject: string;
  body: string;
  event_type: string;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

export const toInboxItem = (r: InboxRow): InboxItem => ({
  id: r.id,
  rule: r.rule,
  severity: r.severity,
  subject: r.subject,
  body: r.body,
  eventType: r.event_type,
  data: r.data,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

/** The inbox's reads that live streams need. */
@Injectable()
export class InboxRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** A notice shown in the inbox (sent), or undefined. */
  async sentItem(id: string): Promise<InboxItem | undefined> {
    const rows: InboxRow[] = await this.dataSource.query(
      `SELECT id::text, rule, severity, subject, body, event_type, data, created_at, read_at FROM notices
       WHERE id = $1 AND channel = 'inbox' AND status = 'sent'`,
      [id],
    );
    return rows[0] && toInboxItem(rows[0]);
  }
}
