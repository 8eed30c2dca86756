import { column, rowShape } from '@dxhub/persistence';
import type { AggregateKey } from './aggregate-key';

/** An aggregate as it stands after a change: what its change in `dx.indicator-aggregates.updated` carries. */
export interface AggregateRow extends AggregateKey {
  org_unit_code: string;
  org_unit_name: string;
  aggregation: string;
  value: string | null;
  numerator: string;
  denominator: string;
  value_count: number;
  version: number;
  updated_at: Date | string;
}

/** An AggregateRow as the statements read it (numeric as text, counts and versions cast to int). */
export const aggregateRow = rowShape({
  indicator_code: column.text,
  org_unit_id: column.number,
  period: column.text,
  org_unit_code: column.text,
  org_unit_name: column.text,
  aggregation: column.text,
  value: column.nullable(column.text),
  numerator: column.text,
  denominator: column.text,
  value_count: column.number,
  version: column.number,
  updated_at: column.timestamp,
});

/** An aggregate's key as the statements return it. */
export const aggregateKeyRow = rowShape({
  indicator_code: column.text,
  org_unit_id: column.number,
  period: column.text,
});
