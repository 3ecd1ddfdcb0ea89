import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsISO4217CurrencyCode, Matches } from 'class-validator';
import { ValueTransformer } from 'typeorm';

export const MONEY_PATTERN = /^\d{1,14}(\.\d{1,4})?$/;

// "12.5000" → "12.50", "12.1250" → "12.125": at least two decimals, no float ever involved.
export function formatMoney(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${whole.replace(/^0+(?=\d)/, '')}.${trimmed.padEnd(2, '0')}`;
}

export const moneyColumn: ValueTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : formatMoney(value)),
};

// Accepts 12.5 or "12.50"; stores and returns decimal strings.
export function IsMoney() {
  return applyDecorators(
    Transform(({ value }) => {
      const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
      return typeof text === 'string' && MONEY_PATTERN.test(text) ? formatMoney(text) : text;
    }),
    Matches(MONEY_PATTERN, {
      message:
        '$property must be a non-negative decimal with at most 4 decimal places, e.g. "12.50"',
    }),
  );
}

// An ISO 4217 code, accepted in any case and stored upper-case.
export function IsCurrencyCode() {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value)),
    IsISO4217CurrencyCode({ message: '$property must be an ISO 4217 code such as USD or EUR' }),
  );
}
