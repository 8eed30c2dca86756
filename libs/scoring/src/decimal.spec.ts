import { decimal, decimalText, dividedBy, rounded, scaledBy } from './decimal';

describe('decimal', () => {
  it('reads decimal strings and numbers exactly, and writes them back without trailing zeros', () => {
    expect(decimalText(decimal('76.6637'))).toBe('76.6637');
    expect(decimalText(decimal('10.5000000000'))).toBe('10.5');
    expect(decimalText(decimal(8.59))).toBe('8.59');
    expect(decimalText(decimal('-0.5'))).toBe('-0.5');
    expect(decimalText(decimal(1e-7))).toBe('0.0000001');
    expect(decimalText(decimal('.25'))).toBe('0.25');
  });

  it('rounds inputs finer than 12 digits and divisions half away from zero', () => {
    expect(decimalText(decimal('0.0000000000005'))).toBe('0.000000000001');
    expect(decimalText(decimal('-0.0000000000005'))).toBe('-0.000000000001');
    expect(decimalText(rounded(dividedBy(decimal('701'), decimal('8')), 2))).toBe('87.63'); // 87.625
    expect(decimalText(rounded(dividedBy(decimal('-701'), decimal('8')), 2))).toBe('-87.63');
    expect(decimalText(rounded(scaledBy(decimal('6.41'), 730, 1461), 4))).toBe('3.2028');
  });

  it('refuses what is not a decimal number', () => {
    expect(() => decimal('1e5')).toThrow("not a decimal number: '1e5'");
    expect(() => decimal('')).toThrow();
    expect(() => decimal(Number.NaN)).toThrow('not a finite number');
    expect(() => dividedBy(decimal('1'), decimal('0'))).toThrow('division by zero');
  });
});
