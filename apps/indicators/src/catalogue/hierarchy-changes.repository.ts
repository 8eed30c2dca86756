import { column, execute, rowShape, selectRows, type SqlExecutor } from '@dxhub/persistence';
import type { MovedValue } from './catalogue-change-follow-up';

/* The queue of values a hierarchy change moved (`pending_hierarchy_changes`), filled by the seed loader. */

const movedValueRow = rowShape({
  indicator_code: column.text,
  org_unit_id: column.number,
  period: column.text,
  former_ancestor_ids: column.numberArray,
});

/** Every queued value, locked until the transaction ends. */
export function lockPendingHierarchyChanges(m: SqlExecutor): Promise<MovedValue[]> {
  return selectRows(
    m,
    movedValueRow,
    `SELECT indicator_code, org_unit_id, period, former_ancestor_ids FROM pending_hierarchy_changes FOR UPDATE`,
  );
}

export async function clearPendingHierarchyChanges(m: SqlExecutor): Promise<void> {
  await execute(m, `DELETE FROM pending_hierarchy_changes`);
}
