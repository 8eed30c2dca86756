import { IsIn, IsInt, IsISO8601, IsString, Matches, Min, MinLength } from 'class-validator';
import { ISO_DATE_PATTERN } from '../codes';
import { OBLIGATION_CODE_PATTERN, OBLIGATION_PERIOD_TYPES } from '../obligation-event/obligation-event-base.v1';
import { AGENCY_CODE_PATTERN } from '../topics';
import { IsDhis2Period } from '../validation/is-dhis2-period.decorator';

/**
 * `dx.obligation.progress-updated` v1: the report counts of one period of a reporting obligation changed — the
 * indicators service's completeness (received / expected) and timeliness (on time / expected) of that obligation
 * period, counted as `GET /v1/obligations/completeness` counts them. Keyed by `obligationCode`; `version` grows by
 * one per change of the obligation period, so a reader keeps the highest.
 */
export class ObligationProgressUpdatedV1 {
  /** The obligation's code. */
  @Matches(OBLIGATION_CODE_PATTERN, { message: 'obligationCode must be A-Z, 0-9 and underscores' })
  obligationCode!: string;

  /** Name in Vietnamese. */
  @IsString()
  @MinLength(1)
  nameVi!: string;

  /** Name in English. */
  @IsString()
  @MinLength(1)
  nameEn!: string;

  /** The agency that owes the reports of this period: the obligation's agency or its successor on the period's last day. */
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency must be an agency code' })
  agency!: string;

  /** The agency named in the obligation (differs from `agency` after a merger, e.g. STTTT → SKHCN). */
  @Matches(AGENCY_CODE_PATTERN, { message: 'declaredAgency must be an agency code' })
  declaredAgency!: string;

  /** The period in DHIS2 notation. */
  @IsDhis2Period()
  period!: string;

  @IsIn(OBLIGATION_PERIOD_TYPES)
  periodType!: (typeof OBLIGATION_PERIOD_TYPES)[number];

  /** The last day a report counts as on time (Vietnamese calendar date, YYYY-MM-DD). */
  @Matches(ISO_DATE_PATTERN, { message: 'dueDate must be a date, YYYY-MM-DD' })
  dueDate!: string;

  /** Reports expected for the period: indicators × reporting org unit versions in force on its last day. */
  @IsInt()
  @Min(0)
  expectedReports!: number;

  /** Of those, the ones whose cell has received a first report. */
  @IsInt()
  @Min(0)
  receivedReports!: number;

  /** Of those, the ones whose first report arrived on or before `dueDate` (Vietnamese date of arrival). */
  @IsInt()
  @Min(0)
  onTimeReports!: number;

  /** Grows by one with each change of this obligation period's counts (or owing agency, or due day); starts at 1. */
  @IsInt()
  @Min(1)
  version!: number;

  /** When the indicators service counted this version. */
  @IsISO8601()
  updatedAt!: string;
}
