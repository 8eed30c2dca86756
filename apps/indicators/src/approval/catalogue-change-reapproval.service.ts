import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { recomputeAggregates } from '../aggregates/aggregate-recompute';
import { rulesFromCatalogue } from '../aggregates/aggregation-rules';
import {
  CatalogueChangeFollowUp,
  CatalogueChangeFollowUps,
  type MovedValue,
} from '../catalogue/catalogue-change-follow-up';
import { CatalogueService } from '../catalogue/catalogue.service';
import { type ApprovalChangedCell, publishApprovedFigures } from '../views/approved-figures';
import { ApprovingAgenciesService } from './approving-agencies.service';
import { reopenForFormulaVersion, reopenForHierarchyChanges } from './catalogue-reopen';

/**
 * The figures' side of a catalogue change (see CatalogueChangeFollowUp), in the catalogue's transaction:
 * aggregates recomputed by the reloaded catalogue's rules, approved values back to pending saying why, and
 * the approved-only figures above them published again. Binds itself to the catalogue when built.
 */
@Injectable()
export class CatalogueChangeReapprovalService extends CatalogueChangeFollowUp {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly approvers: ApprovingAgenciesService,
    followUps: CatalogueChangeFollowUps,
  ) {
    super();
    followUps.bind(this);
  }

  async formulaVersionAdded(m: EntityManager, indicatorCode: string, effectiveFrom: string): Promise<void> {
    await recomputeAggregates(m, [indicatorCode], rulesFromCatalogue(this.catalogue));
    const reopened = await reopenForFormulaVersion(m, indicatorCode, effectiveFrom, this.approvers.lookup());
    await publishApprovedFigures(m, this.catalogue, reopened);
  }

  async valuesMoved(
    m: EntityManager,
    moved: MovedValue[],
  ): Promise<{ approvalsReopened: number; aggregatesRepaired: number }> {
    const indicatorCodes = [...new Set(moved.map((c) => c.indicator_code))].sort();
    const repairs = await recomputeAggregates(m, indicatorCodes, rulesFromCatalogue(this.catalogue));
    const reopened = await reopenForHierarchyChanges(m, this.approvers.lookup());
    // The figures the values left: each former ancestor's own aggregate and those above it.
    const formerAncestors: ApprovalChangedCell[] = moved.flatMap((c) =>
      c.former_ancestor_ids.map((id) => ({ indicatorCode: c.indicator_code, orgUnitId: id, period: c.period })),
    );
    await publishApprovedFigures(m, this.catalogue, [...reopened, ...formerAncestors]);
    return {
      approvalsReopened: reopened.length,
      aggregatesRepaired: repairs.reportedPeriods.length + repairs.coarserPeriods.length,
    };
  }
}
