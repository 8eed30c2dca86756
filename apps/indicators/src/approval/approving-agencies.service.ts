import { Injectable } from '@nestjs/common';
import { Clock, vietnamDate } from '@dxhub/calendar';
import type { EntityManager } from 'typeorm';
import { CatalogueService } from '../catalogue/catalogue.service';
import { IndicatorsConfig } from '../config/indicators.config';
import type { ApprovalChangedCell } from '../views/approved-figures';
import { type ApproverResolution, resolveApprover } from './approving-agency';

/** The approving agency of each value an intake batch or a request touches, resolved once per indicator version. */
export interface ApproverLookup {
  /** The day (Vietnamese calendar) the approver is resolved on. */
  today: string;
  /** The clock the lookup was made by: it dates the events of the changes it is used for. */
  clock: Clock;
  approverOf(indicatorCode: string, periodEnd: string): ApproverResolution;
}

export type { ApprovalChangedCell };

/** What the intake gives the writer for data approval, in the writer's transaction. */
export interface IntakeApproval {
  approvers: ApproverLookup;
  /** Approved cells a correction put back to pending: approved-only figures above them change. */
  approvedCellsReopened(m: EntityManager, cells: ApprovalChangedCell[]): Promise<void>;
}

/** The indicator versions an agency approves: values of `indicatorCode` whose period ends in [from, to). */
export interface ApprovalScopeEntry {
  indicatorCode: string;
  from: string;
  to: string;
}

/**
 * Who approves what, from the catalogue (each version's `approvingAgency`, else the programme office) and the
 * agencies' successions, as of a day. Lookups are made per batch or request, so a catalogue change is seen by
 * the next one.
 */
@Injectable()
export class ApprovingAgenciesService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly config: IndicatorsConfig,
    private readonly clock: Clock,
  ) {}

  lookup(at: Date = this.clock.now()): ApproverLookup {
    const today = vietnamDate(at);
    const agencies = this.catalogue.allAgencies();
    const successions = this.catalogue.agencySuccessions();
    const memo = new Map<string, ApproverResolution>();
    const resolve = (declared: string | null) => {
      const key = declared ?? '';
      let answer = memo.get(key);
      if (!answer) {
        answer = resolveApprover(agencies, successions, declared, this.config.APPROVAL_PROGRAMME_OFFICE, today);
        memo.set(key, answer);
      }
      return answer;
    };
    return {
      today,
      clock: this.clock,
      approverOf: (indicatorCode, periodEnd) => {
        const indicator = this.catalogue.indicatorOn(indicatorCode, periodEnd);
        if (!indicator) return { found: false, declared: '', reason: `unknown indicator '${indicatorCode}'` };
        return resolve(indicator.definition.approvingAgency ?? null);
      },
    };
  }

  /** Every indicator version whose values `agency` approves today, as period-end ranges. */
  scopeOf(agency: string, at: Date = this.clock.now()): ApprovalScopeEntry[] {
    const lookup = this.lookup(at);
    const scope: ApprovalScopeEntry[] = [];
    for (const indicator of this.catalogue.allIndicators()) {
      const versions = this.catalogue.indicatorVersions(indicator.code);
      const bounds = versions.length > 0 ? versions.map((v) => v.effectiveFrom) : [null];
      bounds.forEach((from, i) => {
        const day = from ?? '0001-01-01';
        const answer = lookup.approverOf(indicator.code, day);
        if (answer.found && answer.agency === agency) {
          // The first version also holds before its own date (versionOn), so its range starts at the beginning.
          scope.push({
            indicatorCode: indicator.code,
            from: i === 0 ? '-infinity' : day,
            to: bounds[i + 1] ?? 'infinity',
          });
        }
      });
    }
    return scope;
  }
}
