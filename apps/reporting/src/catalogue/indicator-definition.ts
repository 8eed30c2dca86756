/** The parts of an indicator definition (dx.indicator.defined) that scoring and agency performance read. */
export interface IndicatorDefinition {
  code: string;
  nameVi?: string;
  nameEn?: string;
  unit?: string;
  pillar?: string | null;
  subIndex?: string | null;
  periodType?: string;
  direction?: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | string;
  baseline?: { period: string; value: number } | null;
  targets?: { year: number; value: number; comparator?: string; tolerance?: number }[];
  nationalAverage?: { year: number; value: number }[];
  responsibleAgency?: string;
}
