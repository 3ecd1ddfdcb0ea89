// Decimal arithmetic on scaled BigInts: money never passes through a float.

export const MONEY_SCALE = 4;
export const RATE_SCALE = 10; // currency_rates.rate is numeric(24,10)
// A positive numeric(24,10): up to 14 integer digits and 10 decimals, not zero.
export const POSITIVE_RATE_PATTERN = /^(?=.*[1-9])\d{1,14}(\.\d{1,10})?$/;
const MAX_MONEY = 10n ** 18n - 1n; // numeric(18,4) at scale 4

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

// amount × fromRate ÷ toRate (both rates in base-currency units), rounded half-up to 4 decimals.
// Throws a RangeError when the result does not fit numeric(18,4).
export function convertAmount(amount: string, fromRate: string, toRate: string): string {
  const a = toScaled(amount, MONEY_SCALE);
  const from = toScaled(fromRate, RATE_SCALE);
  const to = toScaled(toRate, RATE_SCALE);
  if (from <= 0n || to <= 0n) throw new RangeError('currency rates must be positive');
  const result = (2n * a * from + to) / (2n * to);
  if (result > MAX_MONEY)
    throw new RangeError(`${amount} converts to more than numeric(18,4) holds`);
  return fromScaled(result, MONEY_SCALE);
}

// "1.0800000000" → "1.08", "2.0000000000" → "2"
export function formatRate(rate: string): string {
  return rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
}
