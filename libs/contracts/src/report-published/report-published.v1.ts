import { IsIn, IsISO8601, IsString, Matches } from 'class-validator';
import { IsDhis2Period } from '../validation/is-dhis2-period.decorator';
import { ISO_DATE_PATTERN, ORG_UNIT_CODE_PATTERN } from '../codes';

/** The reporting regime's periodic report kinds (Decree 09/2019/NĐ-CP pattern). */
export const REPORT_KINDS = ['MONTHLY', 'QUARTERLY', 'HALF_YEARLY', 'YEARLY'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * `dx.report.published` v1: a period report was frozen (on schedule after its cut-off date, or on
 * demand). Published by the reporting service to `dx.reporting.events`, keyed by the report id. The
 * snapshot never changes; its exports are at the links.
 */
export class ReportPublishedV1 {
  @IsString()
  reportId!: string;

  @IsIn(REPORT_KINDS)
  kind!: ReportKind;

  /** What a notice or a list shows, e.g. `Báo cáo 6 tháng kỳ 2024S1 — Tỉnh Tiền Giang`. */
  @IsString()
  titleVi!: string;

  @IsString()
  titleEn!: string;

  /** The period's type, as the catalogue names it. */
  @IsIn(['MONTHLY', 'QUARTERLY', 'SIX_MONTHLY', 'YEARLY'])
  periodType!: string;

  /** The calendar period the report scores, in DHIS2 notation (202407, 2024Q3, 2024S1, 2024). */
  @IsDhis2Period()
  period!: string;

  @Matches(ORG_UNIT_CODE_PATTERN)
  orgUnitCode!: string;

  /** The regime's data window: first and last day (YYYY-MM-DD), e.g. 15/12 of the previous year to 14/6. */
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  windowStart!: string;

  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  windowEnd!: string;

  @IsIn(['scheduled', 'on-demand'])
  trigger!: 'scheduled' | 'on-demand';

  @IsISO8601()
  generatedAt!: string;

  /** Path of the report's JSON on the reporting service; `/csv`, `/xlsx` and `/pdf` after it are its exports. */
  @IsString()
  href!: string;
}
