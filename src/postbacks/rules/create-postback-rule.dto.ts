import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ENTITY_ID_SCHEMA, MAX_ENTITY_ID } from '../../common/entity-id';
import { ApiRecord } from '../../common/openapi/api-docs';
import { CONVERSION_STATUSES, ConversionStatus } from '../../conversions/conversion.entity';
import { RULE_TYPES } from './rule-kinds';
import { BodyContentType, CONTENT_TYPES, HTTP_METHODS, HttpMethod } from './postback-rule.entity';
import {
  IsOptionalNonNull,
  IsPresetId,
  IsSigningSecret,
  MaxUtf8Bytes,
} from './postback-validators';
import type { RuleType } from './rule-matcher';
import { StatusMap } from './status-map-view';

export const MAX_OFFER_IDS = 1000;
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_DELAY_SECONDS = 30 * 24 * 3600;
export const MAX_LIST_ENTRIES = 100;
export const MAX_EXPECT_BODY_LENGTH = 200;

// Every field of a rule but its name (SPEC §6). `null` means "none / the default" where a
// field has one; headers and statusMap entries are checked in postback-rule-checks.ts so
// errors can name the entry (headers.X-Token, statusMap.foo). The swagger plugin reads literal
// limits only: the ApiProperty lines state the named ones for the OpenAPI document.
export class PostbackRuleFieldsDto {
  @IsIn(RULE_TYPES)
  type: RuleType;

  // Omitted: a publisher's own id; an admin must say (a publisher id, or null = network-level).
  @ApiProperty(ENTITY_ID_SCHEMA)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ENTITY_ID)
  publisherId?: number | null;

  @ApiProperty({ ...ENTITY_ID_SCHEMA, isArray: true, maxItems: MAX_OFFER_IDS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_OFFER_IDS)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ENTITY_ID, { each: true })
  offerIds?: number[] | null;

  @IsOptionalNonNull()
  @IsIn(HTTP_METHODS)
  method?: HttpMethod;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  url: string;

  @ApiRecord()
  @IsOptional()
  @IsObject()
  headers?: Record<string, string> | null;

  @IsOptional()
  @IsString()
  @MaxUtf8Bytes(MAX_BODY_BYTES)
  body?: string | null;

  @IsOptional()
  @IsIn(CONTENT_TYPES)
  contentType?: BodyContentType | null;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CONVERSION_STATUSES, { each: true })
  statuses?: ConversionStatus[] | null;

  @ApiProperty({ type: 'string', isArray: true, minLength: 1, maxItems: MAX_LIST_ENTRIES })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ENTRIES)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(512, { each: true })
  rejectionReasons?: string[] | null;

  @ApiProperty({ type: 'string', isArray: true, minLength: 1, maxItems: MAX_LIST_ENTRIES })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LIST_ENTRIES)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  events?: string[] | null;

  @ApiProperty({ type: StatusMap })
  @IsOptional()
  @IsObject()
  statusMap?: Partial<Record<ConversionStatus, string>> | null;

  @ApiProperty({ type: 'integer', maximum: MAX_DELAY_SECONDS })
  @IsOptionalNonNull()
  @IsInt()
  @Min(0)
  @Max(MAX_DELAY_SECONDS)
  delaySeconds?: number;

  @ApiProperty({ type: 'integer' })
  @IsOptionalNonNull()
  @IsInt()
  @Min(1)
  @Max(20)
  maxAttempts?: number;

  @ApiProperty({ type: 'integer' })
  @IsOptionalNonNull()
  @IsInt()
  @Min(1000)
  @Max(30000)
  timeoutMs?: number;

  // Write-only: stored, never returned (responses say hasSigningSecret).
  @IsOptional()
  @IsSigningSecret()
  signingSecret?: string | null;

  // Text a 2xx answer must contain, else the attempt fails as `unexpected_body` (SPEC §6).
  @ApiProperty({ type: 'string', minLength: 1, maxLength: MAX_EXPECT_BODY_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_EXPECT_BODY_LENGTH)
  expectBody?: string | null;

  // The receiver preset the rule was built from (SPEC §12).
  @IsOptional()
  @IsPresetId({ nullable: true })
  presetId?: string | null;

  @IsOptionalNonNull()
  @IsBoolean()
  enabled?: boolean;
}

// OpenAPI schema names keep the classes' first names, so generated API clients don't change.
export class CreatePostbackRuleDto extends PostbackRuleFieldsDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}
