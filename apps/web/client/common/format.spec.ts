import { formatDate, formatNumber, formatPercent } from './format';

describe('figures as people read them', () => {
  it('writes numbers the Vietnamese way by default and the English way beside it', () => {
    expect(formatNumber('vi', 4321.5)).toBe('4.321,5');
    expect(formatNumber('en', 4321.5)).toBe('4,321.5');
    expect(formatNumber('vi', null)).toBe('—');
    expect(formatNumber('vi', Number.NaN)).toBe('—');
  });

  it('shows ratios as percentages', () => {
    expect(formatPercent('vi', 0.8125)).toBe('81,3 %');
    expect(formatPercent('en', 0.8125)).toBe('81.3 %');
    expect(formatPercent('en', undefined)).toBe('—');
  });

  it("reads a calendar date as that day in the province's time zone, whatever the browser's", () => {
    expect(formatDate('vi', '2025-07-01')).toBe('1/7/2025');
    expect(formatDate('en', '2025-07-01')).toBe('01/07/2025');
    // 2025-06-30T18:00Z is already 1 July in Tiền Giang (UTC+7).
    expect(formatDate('en', '2025-06-30T18:00:00Z')).toBe('01/07/2025');
  });
});
