/** Page position in an approver's list: the (indicator, period, org unit id) of the last cell on the page. */
export interface ApprovalPosition {
  indicatorCode: string;
  period: string;
  orgUnitId: number;
}

export function encodeApprovalCursor(p: ApprovalPosition): string {
  return Buffer.from(`a:${p.indicatorCode}|${p.period}|${p.orgUnitId}`, 'utf8').toString('base64url');
}

/** The position in a cursor, or null when the text is not one this service made. */
export function decodeApprovalCursor(cursor: string): ApprovalPosition | null {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^a:([A-Z][A-Z0-9_]{1,63})\|(\d{4}(?:\d{2}|Q[1-4]|S[12])?)\|([1-9]\d{0,9})$/.exec(text);
  return match ? { indicatorCode: match[1], period: match[2], orgUnitId: Number(match[3]) } : null;
}
