import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OutboxRelayService } from '@dxhub/messaging';
import { DataSource } from 'typeorm';
import { recomputeAggregates } from '../aggregates/aggregate-recompute';
import { rulesFromCatalogue } from '../aggregates/aggregation-rules';
import { reopenForHierarchyChanges } from '../approval/catalogue-reopen';
import { ApprovingAgenciesService } from '../approval/approving-agencies.service';
import { type ApprovalChangedCell, publishApprovedFigures } from '../views/approved-figures';
import { CatalogueService } from './catalogue.service';

/**
 * Works off the values a seeds change moved in the hierarchy (queued by the seed loader in the transaction
 * that rebuilt it): their indicators' aggregates are recomputed from the values over the new hierarchy,
 * approved values among them go back to pending saying which unit moved where, and the approved-only
 * figures of both the former and the new ancestors follow — one transaction, after the catalogue has
 * reloaded. A crash before it commits leaves the queue for the next start.
 */
@Injectable()
export class HierarchyChangesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(HierarchyChangesService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly approvers: ApprovingAgenciesService,
    private readonly relay: OutboxRelayService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.applyPendingChanges();
  }

  /** Returns how many moved values were worked off. */
  async applyPendingChanges(): Promise<number> {
    const applied = await this.dataSource.transaction(async (m) => {
      const moved: { indicator_code: string; org_unit_id: number; period: string; former_ancestor_ids: number[] }[] =
        await m.query(
          `SELECT indicator_code, org_unit_id, period, former_ancestor_ids FROM pending_hierarchy_changes FOR UPDATE`,
        );
      if (moved.length === 0) return null;
      const indicatorCodes = [...new Set(moved.map((c) => c.indicator_code))].sort();
      const repairs = await recomputeAggregates(m, indicatorCodes, rulesFromCatalogue(this.catalogue));
      const reopened = await reopenForHierarchyChanges(m, this.approvers.lookup());
      // The figures the values left: each former ancestor's own aggregate and those above it.
      const formerAncestors: ApprovalChangedCell[] = moved.flatMap((c) =>
        c.former_ancestor_ids.map((id) => ({ indicatorCode: c.indicator_code, orgUnitId: id, period: c.period })),
      );
      await publishApprovedFigures(m, this.catalogue, [...reopened, ...formerAncestors]);
      await m.query(`DELETE FROM pending_hierarchy_changes`);
      return {
        values: moved.length,
        indicators: indicatorCodes.length,
        approvalsReopened: reopened.length,
        aggregatesRepaired: repairs.reportedPeriods.length + repairs.coarserPeriods.length,
      };
    });
    if (applied === null) return 0;
    this.relay.nudge();
    this.logger.log({ msg: 'values moved in the hierarchy: aggregates recomputed, approvals reopened', ...applied });
    return applied.values;
  }
}
