import { Injectable } from '@nestjs/common';
import { execute, type SqlExecutor } from '@dxhub/persistence';

/** The seed loader's lock: replicas starting together load the programme seed one after the other. */
@Injectable()
export class SeedsRepository {
  /** Held until the transaction `tx` ends. */
  async lockProgrammeSeed(tx: SqlExecutor): Promise<void> {
    await execute(tx, `SELECT pg_advisory_xact_lock(hashtext('tasks.programme-seed'))`);
  }
}
