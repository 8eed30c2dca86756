/**
 * Page positions of an explanation's reports: opaque to clients, the (org unit code, period, org unit
 * id) of the last report on the page; the next page continues after it in that order. The id tells apart
 * two versions of one unit (a code keeps its number across a reorganisation).
 */
export interface ExplainPosition {
  orgUnitCode: string;
  period: string;
  orgUnitId: number;
}

export function encodeExplainCursor(p: ExplainPosition): string {
  return Buffer.from(`x:${p.orgUnitCode}|${p.period}|${p.orgUnitId}`, 'utf8').toString('base64url');
}

/** The position in a cursor, or null when the text is not one this service made. */
export function decodeExplainCursor(cursor: string): ExplainPosition | null {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^x:(\d{2,5})\|(\d{4}(?:\d{2}|Q[1-4]|S[12])?)\|([1-9]\d{0,9})$/.exec(text);
  return match ? { orgUnitCode: match[1], period: match[2], orgUnitId: Number(match[3]) } : null;
}
