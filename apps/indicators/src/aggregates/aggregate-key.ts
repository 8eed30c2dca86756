/** One aggregate: an indicator's figure for an org unit (with its descendants) and a period. */
export interface AggregateKey {
  indicator_code: string;
  org_unit_id: number;
  period: string;
}

/** The keys as three parallel arrays, for `unnest($1::text[], $2::int[], $3::text[])`. */
export function keyColumns(keys: AggregateKey[]): [string[], number[], string[]] {
  return [keys.map((k) => k.indicator_code), keys.map((k) => k.org_unit_id), keys.map((k) => k.period)];
}

export function aggregateId(key: AggregateKey): string {
  return `${key.indicator_code}\u0000${key.org_unit_id}\u0000${key.period}`;
}
