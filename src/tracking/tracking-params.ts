import { Transform } from 'class-transformer';
import { ValidateBy, ValidationError, ValidationOptions } from 'class-validator';
import { DomainError } from '../common/errors/domain-error';
import { validationFailed } from '../common/errors/validation-errors';

// Column sizes of the clicks/impressions tables (migration 1763800000001).
export const EXTERNAL_TRANSACTION_ID_MAX = 256;
export const SUB_MAX = 512;
export const HEADER_VALUE_MAX = 1024;
export const IP_MAX = 64;

export const PARAMETER_TOO_LONG = 'parameter_too_long';

// PostgreSQL's varchar(n) counts characters (code points); class-validator's MaxLength skips
// variation selectors, so a value it lets through could still fail the batch INSERT.
export function codePointLength(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    length++;
  }
  return length;
}

export function MaxParamLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: PARAMETER_TOO_LONG,
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || codePointLength(value) <= max,
        defaultMessage: (args) => `${args?.property} must be at most ${max} characters`,
      },
    },
    options,
  );
}

// Tracking links are pasted everywhere: a repeated parameter takes its first value.
export const FirstValue = () =>
  Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value[0] : value));

// "Too long" gets its own code so publishers see at once what to fix; other failures
// (a missing or non-numeric offer_id) stay `validation_failed`.
export function trackingParamsFailed(errors: ValidationError[]): DomainError {
  const failure = validationFailed(errors);
  const tooLong = failure.details.filter((d) => d.code === PARAMETER_TOO_LONG);
  if (tooLong.length === 0 || tooLong.length !== failure.details.length) return failure;
  const fields = tooLong.map((d) => d.field).join(', ');
  return new DomainError(400, PARAMETER_TOO_LONG, `Parameter too long: ${fields}`, tooLong);
}

// Empty parameters mean "no value"; NUL cannot be stored in a PostgreSQL text column, and one
// such value would fail the whole batch it shares with other requests.
export function cleanParam(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') || null : value;
}

// Visitor headers are kept, not refused: cut to the column size (in code points).
export function truncateText(value: string | undefined, max: number): string | null {
  const clean = cleanParam(value);
  if (clean === null || clean.length <= max) return clean;
  let out = '';
  let count = 0;
  for (const ch of clean) {
    if (count === max) break;
    out += ch;
    count++;
  }
  return out;
}
