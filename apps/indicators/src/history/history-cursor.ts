/**
 * Page positions of a history: opaque to clients, the arrival id of the last report on the page (the
 * next page continues after it in the (reported_at, id) order).
 */
const PREFIX = 'r:';

export function encodeHistoryCursor(reportId: string): string {
  return Buffer.from(`${PREFIX}${reportId}`, 'utf8').toString('base64url');
}

/** The report id in a cursor, or null when the text is not one this service made. */
export function decodeHistoryCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return null;
  const id = text.slice(PREFIX.length);
  return /^[1-9]\d{0,18}$/.test(id) ? id : null;
}
