import { MONEY_INTEGER_DIGITS, MONEY_SCALE } from '../../common/money';

// Decimal arithmetic on scaled BigInts: money never passes through a float.

export const RATE_SCALE = 10; // currency_rates.rate is numeric(24,10)
// A positive numeric(24,10): up to 14 integer digits and 10 decimals, not zero.
export const POSITIVE_RATE_PATTERN = /^(?=.*[1-9])\d{1,14}(\.\d{1,10})?$/;
const MAX_MONEY = 10n ** BigInt(MONEY_INTEGER_DIGITS + MONEY_SCALE) - 1n; // money: 18 integer digits, 8 decimals

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export function toScaled(value: string, scale: number): bigint {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new RangeError(`"${value}" is not a non-negative decimal`);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) throw new RangeError(`"${value}" has more than ${scale} decimals`);
  return BigInt(match[1] + fraction.padEnd(scale, '0'));
}

export function fromScaled(value: bigint, scale: number): string {
  const digits = value.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

// amount × fromRate ÷ toRate (both rates in base-currency units), rounded half-even to 8
// decimals, as the intake rounds what it reads (no drift up over many conversions).
// Throws a RangeError when the result does not fit 18 integer digits.
export function convertAmount(amount: string, fromRate: string, toRate: string): string {
  const a = toScaled(amount, MONEY_SCALE);
  const from = toScaled(fromRate, RATE_SCALE);
  const to = toScaled(toRate, RATE_SCALE);
  if (from <= 0n || to <= 0n) throw new RangeError('currency rates must be positive');
  const result = divideHalfEven(a * from, to);
  if (result > MAX_MONEY) throw new RangeError(`${amount} converts to more than 18 integer digits`);
  return fromScaled(result, MONEY_SCALE);
}

// n ÷ d for non-negative n and positive d, an exact half going to the even quotient.
export function divideHalfEven(n: bigint, d: bigint): bigint {
  const quotient = n / d;
  const twiceRemainder = 2n * (n % d);
  if (twiceRemainder > d || (twiceRemainder === d && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

// "1.0800000000" → "1.08", "2.0000000000" → "2"
export function formatRate(rate: string): string {
  return rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
}
