import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OutboxRelayService } from '@dxhub/messaging';
import { DataSource } from 'typeorm';
import { CatalogueChangeFollowUps } from './catalogue-change-follow-up';
import { clearPendingHierarchyChanges, lockPendingHierarchyChanges } from './hierarchy-changes.repository';

/**
 * Works off the values a seeds change moved in the hierarchy (queued by the seed loader in the transaction
 * that rebuilt it): their indicators' aggregates are recomputed from the values over the new hierarchy,
 * approved values among them go back to pending saying which unit moved where, and the approved-only
 * figures of both the former and the new ancestors follow (CatalogueChangeFollowUp.valuesMoved) — one
 * transaction, after the catalogue has reloaded. A crash before it commits leaves the queue for the next start.
 */
@Injectable()
export class HierarchyChangesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(HierarchyChangesService.name);

  constructor(
    /** Only to open the transaction. */
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly followUps: CatalogueChangeFollowUps,
    private readonly relay: OutboxRelayService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.applyPendingChanges();
  }

  /** Returns how many moved values were worked off. */
  async applyPendingChanges(): Promise<number> {
    const applied = await this.dataSource.transaction(async (m) => {
      const moved = await lockPendingHierarchyChanges(m);
      if (moved.length === 0) return null;
      const indicators = new Set(moved.map((c) => c.indicator_code)).size;
      const { approvalsReopened, aggregatesRepaired } = await this.followUps.followUp.valuesMoved(m, moved);
      await clearPendingHierarchyChanges(m);
      return { values: moved.length, indicators, approvalsReopened, aggregatesRepaired };
    });
    if (applied === null) return 0;
    this.relay.nudge();
    this.logger.log({ msg: 'values moved in the hierarchy: aggregates recomputed, approvals reopened', ...applied });
    return applied.values;
  }
}
