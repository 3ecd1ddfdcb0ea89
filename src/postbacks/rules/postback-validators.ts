import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { findPreset, PRESETS } from '../../presets/preset-catalog';

// Optional, but when present it must be a real value: null is refused (unlike @IsOptional).
export const IsOptionalNonNull = () => ValidateIf((_object, value) => value !== undefined);

// Standard Webhooks secrets: "whsec_" + base64 of 24…64 random bytes.
const SIGNING_SECRET = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
export const SIGNING_SECRET_MIN_BYTES = 24;
export const SIGNING_SECRET_MAX_BYTES = 64;

export function isSigningSecret(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = SIGNING_SECRET.exec(value);
  if (match === null || match[1].length % 4 !== 0) return false;
  const bytes = Buffer.from(match[1], 'base64');
  // Node's decoder skips junk silently; a round trip proves the text was canonical base64.
  return (
    bytes.toString('base64') === match[1] &&
    bytes.length >= SIGNING_SECRET_MIN_BYTES &&
    bytes.length <= SIGNING_SECRET_MAX_BYTES
  );
}

export function IsSigningSecret(options?: ValidationOptions) {
  return applyDecorators(
    ApiProperty({ type: 'string', pattern: SIGNING_SECRET.source, writeOnly: true }),
    ValidateBy(
      { name: 'isSigningSecret', validator: { validate: isSigningSecret } },
      {
        message: `$property must be "whsec_" followed by the base64 of ${SIGNING_SECRET_MIN_BYTES} to ${SIGNING_SECRET_MAX_BYTES} random bytes (Standard Webhooks), or null`,
        ...options,
      },
    ),
  );
}

// Size in UTF-8 bytes, as it goes on the wire (MaxLength counts UTF-16 units).
export function MaxUtf8Bytes(max: number, options?: ValidationOptions) {
  const limit = ValidateBy(
    {
      name: 'maxUtf8Bytes',
      constraints: [max],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= max,
      },
    },
    { message: `$property must be at most ${max} bytes (UTF-8)`, ...options },
  );
  return applyDecorators(
    ApiProperty({ type: 'string', description: `At most ${max} bytes (UTF-8)` }),
    limit,
  );
}

// The id of a receiver preset in the catalogue (SPEC §12).
// The preset ids as an OpenAPI enum, so the console's client knows them.
export const ApiPresetId = (nullable = false) =>
  ApiProperty({ type: 'string', enum: PRESETS.map((preset) => preset.id), nullable });

// `nullable`: null clears it (a rule built by hand).
export function IsPresetId({
  nullable,
  ...options
}: ValidationOptions & { nullable?: boolean } = {}) {
  return applyDecorators(
    ApiPresetId(nullable),
    ValidateBy(
      {
        name: 'isPresetId',
        validator: {
          validate: (value: unknown) =>
            typeof value === 'string' && findPreset(value) !== undefined,
        },
      },
      {
        message: '$property must be the id of a receiver preset (GET /api/postback-presets)',
        ...options,
      },
    ),
  );
}
