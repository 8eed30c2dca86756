import type { Locale } from '../rules/notification-rules';

/** The next channel to try when a notice fails for good, and its address there. */
export interface FallbackStep {
  channel: string;
  address: string | null;
}

/** One row of the notices table before it is inserted. */
export interface NoticeRow {
  event_source: string;
  event_id: string;
  event_type: string;
  rule: string;
  severity: string;
  recipient: string;
  agency_code: string;
  channel: string;
  address: string | null;
  locale: Locale;
  subject: string;
  body: string;
  data: Record<string, unknown>;
  status: 'pending' | 'held';
  max_attempts: number;
  next_attempt_at: string;
  fallback: FallbackStep[];
  created_at: string;
}
