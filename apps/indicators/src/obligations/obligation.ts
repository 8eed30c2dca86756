import type { PeriodType } from '@dxhub/periods';
import type { DueAnchor } from './obligation-schedule';

/** Which org units report under an obligation, relative to the units it names. */
export const ORG_UNIT_COVERAGES = ['UNIT', 'CHILDREN', 'UNIT_AND_CHILDREN'] as const;
export type OrgUnitCoverage = (typeof ORG_UNIT_COVERAGES)[number];

/** A reporting obligation (DHIS2's data set) as stored and as the API shows it. */
export interface Obligation {
  code: string;
  nameVi: string;
  nameEn: string;
  /** The agency the obligation names; after a merger its successor owes the periods (see owingAgency). */
  agencyCode: string;
  periodType: PeriodType;
  indicatorCodes: string[];
  orgUnitCodes: string[];
  coverage: OrgUnitCoverage;
  dueAnchor: DueAnchor;
  dueWorkingDays: number;
  /** Inclusive ISO dates bounding the periods owed (a period is owed when its last day is within); null = unbounded. */
  validFrom: string | null;
  validTo: string | null;
  origin: 'seed' | 'api';
}

/** Whether the obligation owes a period ending on `periodEnd`. */
export function owesPeriodEnding(obligation: Pick<Obligation, 'validFrom' | 'validTo'>, periodEnd: string): boolean {
  return (
    (obligation.validFrom === null || obligation.validFrom <= periodEnd) &&
    (obligation.validTo === null || periodEnd <= obligation.validTo)
  );
}
