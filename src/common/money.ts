import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO4217CurrencyCode, Matches } from 'class-validator';
import { ValueTransformer } from 'typeorm';

// Money columns are numeric with CHECKs for 18 integer digits and 8 decimals (migration
// 1764600000200); a value comes back as written ("2.5") or, from before it, as "2.5000".
export const MONEY_SCALE = 8;
export const MONEY_INTEGER_DIGITS = 18;
export const MONEY_PATTERN = /^\d{1,18}(\.\d{1,8})?$/;

// "12.5" or "12.50000000" → "12.50", "12.12500000" → "12.125": at least two decimals, no float
// ever involved.
export function formatMoney(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${whole.replace(/^0+(?=\d)/, '')}.${trimmed.padEnd(2, '0')}`;
}

export const moneyColumn: ValueTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : formatMoney(value)),
};

export interface LenientMoney {
  value: string; // formatted, at most 8 decimals
  rounded: boolean; // digits beyond the 8th were not all zero
  // A lone comma that could also be a thousands separator ("1,234"): read as a decimal one.
  commaAmbiguous: boolean;
}

// A lone decimal comma ("12,50"), or digits with at most one decimal point ("12.", ".5").
const LONE_COMMA = /^\d*,\d*$/;
// A comma where a thousands separator could stand: one to three digits (no leading zero), three.
const THOUSANDS_LIKE = /^[1-9]\d{0,2},\d{3}$/;
const LENIENT_DECIMAL = /^(\d*)(?:\.(\d*))?$/;

// How the S2S intake reads an advertiser's amount (SPEC §5.2): whitespace around it ignored, a
// lone decimal comma read as a point, more than 8 decimals rounded half-even to 8. Null when it
// still can't be read (letters, signs, two separators, empty, more than 18 integer digits).
export function readMoneyLeniently(text: string): LenientMoney | null {
  let value = text.trim();
  const commaAmbiguous = THOUSANDS_LIKE.test(value);
  if (LONE_COMMA.test(value)) value = value.replace(',', '.');
  const match = LENIENT_DECIMAL.exec(value);
  if (!match || !/\d/.test(value)) return null;
  const whole = match[1] || '0';
  const fraction = match[2] ?? '';
  const kept = fraction.slice(0, MONEY_SCALE).padEnd(MONEY_SCALE, '0');
  const dropped = fraction.slice(MONEY_SCALE);
  let scaled = BigInt(whole + kept);
  if (roundsUp(dropped, scaled)) scaled += 1n;
  const digits = scaled.toString().padStart(MONEY_SCALE + 1, '0');
  if (digits.length - MONEY_SCALE > MONEY_INTEGER_DIGITS) return null;
  return {
    value: formatMoney(`${digits.slice(0, -MONEY_SCALE)}.${digits.slice(-MONEY_SCALE)}`),
    rounded: /[1-9]/.test(dropped),
    commaAmbiguous,
  };
}

// Half-even on the dropped digits: above half rounds up, below down, an exact half to even.
function roundsUp(dropped: string, kept: bigint): boolean {
  if (dropped === '') return false;
  if (dropped[0] !== '5') return dropped[0] > '5';
  return /[1-9]/.test(dropped.slice(1)) || kept % 2n === 1n;
}

// A JSON number arrives as a double, which keeps about 15 significant digits: 12345678901.12345678
// would be read as 12345678901.123457. It is taken only when its shortest text has at most 15
// significant digits and no exponent, so it is the amount the caller wrote; otherwise it stays a
// number and is refused, asking for a decimal string.
const EXACT_NUMBER_DIGITS = 15;

export function moneyTextOfNumber(value: number): string | null {
  const text = String(value);
  if (!Number.isFinite(value) || /e/i.test(text)) return null;
  const significant = text.replace('-', '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return significant.length <= EXACT_NUMBER_DIGITS ? text : null;
}

// Accepts "12.50" or 12.5; stores and returns decimal strings.
export function IsMoney() {
  return applyDecorators(
    ApiProperty({ type: 'string', pattern: MONEY_PATTERN.source, example: '12.50' }),
    Transform(({ value }) => {
      const text = typeof value === 'number' ? (moneyTextOfNumber(value) ?? value) : value;
      return typeof text === 'string' && MONEY_PATTERN.test(text) ? formatMoney(text) : text;
    }),
    Matches(MONEY_PATTERN, {
      message: ({ property, value }) =>
        typeof value === 'number'
          ? `${property} as a JSON number can't be read exactly (more than 15 significant ` +
            `digits, or an exponent); send it as a decimal string, e.g. "12345678901.12345678"`
          : `${property} must be a non-negative decimal with at most 8 decimal places, e.g. "12.50"`,
    }),
  );
}

// An ISO 4217 code, accepted in any case and stored upper-case.
export function IsCurrencyCode() {
  return applyDecorators(
    ApiProperty({ type: 'string', pattern: '^[A-Za-z]{3}$', example: 'USD' }),
    Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value)),
    IsISO4217CurrencyCode({ message: '$property must be an ISO 4217 code such as USD or EUR' }),
  );
}
