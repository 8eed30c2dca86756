/**
 * Exact decimal arithmetic for scores: a value is a bigint holding the number times 10^SCALE, so sums,
 * differences and comparisons are exact and the only rounding is where a division says so (half away
 * from zero). Inputs are decimal strings (numeric columns read as text) or numbers from JSON.
 */
export type Decimal = bigint;

const SCALE = 12;
const ONE = 10n ** BigInt(SCALE);
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** Parses a decimal string or a finite number; throws on anything else. */
export function decimal(input: string | number): Decimal {
  const text = typeof input === 'number' ? numberText(input) : input.trim();
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new Error(`not a decimal number: '${input}'`);
  const [, sign, whole, fraction = ''] = match;
  // Digits within the scale are the value itself; finer ones round at the scale (one extra digit decides).
  const value =
    fraction.length <= SCALE
      ? BigInt((whole || '0') + fraction.padEnd(SCALE, '0'))
      : roundDiv(BigInt((whole || '0') + fraction.slice(0, SCALE + 1)), 10n);
  return sign === '-' ? -value : value;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(SCALE) : text;
}

export const ZERO: Decimal = 0n;
export const HUNDRED: Decimal = 100n * ONE;

/** a × b. */
export function times(a: Decimal, b: Decimal): Decimal {
  return roundDiv(a * b, ONE);
}

/** a ÷ b (b ≠ 0). */
export function dividedBy(a: Decimal, b: Decimal): Decimal {
  if (b === 0n) throw new Error('division by zero');
  return roundDiv(a * ONE, b);
}

/** a × n ÷ d for integers n and d (d ≠ 0): a share of a difference without an intermediate rounding. */
export function scaledBy(a: Decimal, n: number, d: number): Decimal {
  return roundDiv(a * BigInt(n), BigInt(d));
}

/** Rounded to `digits` decimals (half away from zero). */
export function rounded(a: Decimal, digits: number): Decimal {
  const step = 10n ** BigInt(SCALE - digits);
  return roundDiv(a, step) * step;
}

export function min(a: Decimal, b: Decimal): Decimal {
  return a < b ? a : b;
}

export function max(a: Decimal, b: Decimal): Decimal {
  return a > b ? a : b;
}

/** The plain decimal text, without trailing zeros ("90", "76.9125", "-0.5"). */
export function decimalText(a: Decimal): string {
  const sign = a < 0n ? '-' : '';
  const abs = a < 0n ? -a : a;
  const whole = abs / ONE;
  const fraction = (abs % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** n ÷ d rounded half away from zero. */
function roundDiv(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return negative ? -q : q;
}
