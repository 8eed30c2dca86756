import { PeriodType } from '@dxhub/periods';

/** When periods of one type close: `days` (working days when `working`) after the period's last day. */
export interface ClosingRule {
  periodType: PeriodType;
  days: number;
  working: boolean;
}

const RULE = /^(YEARLY|SIX_MONTHLY|QUARTERLY|MONTHLY)=(\d{1,3})(wd|d)$/;

/**
 * Parses PERIOD_CLOSING_RULES: comma-separated `<PERIOD_TYPE>=<N>wd` (N working days after the period end)
 * or `<PERIOD_TYPE>=<N>d` (N calendar days), e.g. `MONTHLY=10wd,QUARTERLY=15wd,YEARLY=30d`. Empty: no period
 * ever closes. A period type without a rule never closes.
 */
export function parseClosingRules(text: string): { rules: ClosingRule[]; problems: string[] } {
  const rules: ClosingRule[] = [];
  const problems: string[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = RULE.exec(part);
    if (!match) {
      problems.push(
        `'${part}' is not <PERIOD_TYPE>=<N>wd or <PERIOD_TYPE>=<N>d (${Object.values(PeriodType).join(', ')})`,
      );
      continue;
    }
    const periodType = match[1] as PeriodType;
    if (rules.some((r) => r.periodType === periodType)) problems.push(`two closing rules for ${periodType}`);
    else rules.push({ periodType, days: Number(match[2]), working: match[3] === 'wd' });
  }
  return { rules, problems };
}
