import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A stored value a hierarchy change moved (queued in pending_hierarchy_changes by the seed loader). */
export interface MovedValue {
  indicator_code: string;
  org_unit_id: number;
  period: string;
  /** The units it counted toward before, nearest first: their figures lose it. */
  former_ancestor_ids: number[];
}

/**
 * What a catalogue change means for the figures built from it: aggregates recomputed, approved values back to
 * pending, approved-only figures published again. The catalogue says what changed; data approval does the rest
 * (approval/catalogue-change-reapproval.service.ts, bound through CatalogueChangeFollowUps), so the catalogue
 * depends on none of the features built on it. Both run in the caller's transaction, which the catalogue opens.
 */
export abstract class CatalogueChangeFollowUp {
  /** Figures of periods ending on or after `effectiveFrom` are now built by the indicator's new formula version. */
  abstract formulaVersionAdded(m: EntityManager, indicatorCode: string, effectiveFrom: string): Promise<void>;

  /** Values moved in the hierarchy (the catalogue has reloaded the new one); answers what it changed. */
  abstract valuesMoved(
    m: EntityManager,
    moved: MovedValue[],
  ): Promise<{ approvalsReopened: number; aggregatesRepaired: number }>;
}

/**
 * Where data approval plugs its CatalogueChangeFollowUp in. CatalogueModule cannot import ApprovalModule (approval
 * imports the catalogue), so approval's follow-up binds itself here when it is built: every provider is built
 * before any boot hook or request, so the catalogue's changes always find it. One follow-up; none bound is a
 * wiring error (ApprovalModule not imported), said as such.
 */
@Injectable()
export class CatalogueChangeFollowUps {
  private bound?: CatalogueChangeFollowUp;

  bind(followUp: CatalogueChangeFollowUp): void {
    if (this.bound !== undefined) throw new Error('a catalogue change follow-up is already bound');
    this.bound = followUp;
  }

  get followUp(): CatalogueChangeFollowUp {
    if (this.bound === undefined) throw new Error('no catalogue change follow-up bound: import ApprovalModule');
    return this.bound;
  }
}
