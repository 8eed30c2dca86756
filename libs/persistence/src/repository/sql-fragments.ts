/** SQL for a timestamptz `expression` as ISO 8601 in UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
export function isoTime(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
