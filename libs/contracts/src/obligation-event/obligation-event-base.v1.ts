import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Min, MinLength } from 'class-validator';
import { INDICATOR_CODE_PATTERN, ISO_DATE_PATTERN, ORG_UNIT_CODE_PATTERN } from '../codes';
import { AGENCY_CODE_PATTERN } from '../topics';
import { IsDhis2Period } from '../validation/is-dhis2-period.decorator';

/** Codes of reporting obligations (DHIS2 data sets): A-Z, 0-9 and underscores. */
export const OBLIGATION_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

/** Period types an obligation can recur on (libs/periods' PeriodType values). */
export const OBLIGATION_PERIOD_TYPES = ['MONTHLY', 'QUARTERLY', 'SIX_MONTHLY', 'YEARLY'] as const;

/**
 * What every `dx.obligation.*` v1 event says about one period of a reporting obligation: which agency owes which
 * indicators for which org units, by which day, and how many of the expected reports have arrived. Published by the
 * indicators service to `dx.indicators.events`, keyed by `obligationCode`, once per obligation, period and kind.
 */
export class ObligationEventBaseV1 {
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

  /** The agency that owes the reports for this period: the obligation's agency or its successor then. */
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency must be an agency code' })
  agency!: string;

  /** The agency named in the obligation (differs from `agency` after a merger, e.g. STTTT → SKHCN). */
  @Matches(AGENCY_CODE_PATTERN, { message: 'declaredAgency must be an agency code' })
  declaredAgency!: string;

  /** The indicator, when the obligation covers exactly one (the seeded ones do). */
  @IsOptional()
  @Matches(INDICATOR_CODE_PATTERN)
  indicatorCode?: string;

  /** Every indicator the obligation covers. */
  @IsArray()
  @Matches(INDICATOR_CODE_PATTERN, { each: true })
  indicatorCodes!: string[];

  /** The period in DHIS2 notation. */
  @IsDhis2Period()
  period!: string;

  @IsIn(OBLIGATION_PERIOD_TYPES)
  periodType!: (typeof OBLIGATION_PERIOD_TYPES)[number];

  /** The org units the obligation names; the reports are expected for them (and their children, by its coverage). */
  @IsArray()
  @Matches(ORG_UNIT_CODE_PATTERN, { each: true })
  orgUnitCodes!: string[];

  /** The last day a report counts as on time (Vietnamese calendar date, YYYY-MM-DD). */
  @Matches(ISO_DATE_PATTERN, { message: 'dueDate must be a date, YYYY-MM-DD' })
  dueDate!: string;

  /** Reports expected for the period: indicators × org units in force at the period's end. */
  @IsInt()
  @Min(0)
  expectedReports!: number;

  /** Of those, the ones received so far. */
  @IsInt()
  @Min(0)
  receivedReports!: number;

  @IsISO8601()
  occurredAt!: string;
}
