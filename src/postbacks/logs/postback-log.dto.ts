import { Injectable, PipeTransform } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsIn,
  IsObject,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsEntityId } from '../../common/entity-id';
import { ApiRecord } from '../../common/openapi/api-docs';
import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { DELIVERY_STATES, DeliveryState } from '../../deliveries/delivery-states';
import { canonicalMacroName } from '../templates/macros';

const RULE_TYPES = ['click', 'impression', 'conversion', 'event'] as const;

export class PostbackLogFilterDto {
  @IsOptional() @IsEntityId() postbackId?: number;
  @IsOptional() @IsEntityId() publisherId?: number;
  @IsOptional() @IsEntityId() offerId?: number;
  @IsOptional() @IsString() @MaxLength(64) transactionId?: string;
  @IsOptional() @IsString() @MaxLength(256) externalTransactionId?: string;
  @IsOptional() @IsUUID() conversionId?: string;
  @IsOptional() @IsIn(DELIVERY_STATES) state?: DeliveryState;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(599) statusCode?: number;
  @IsOptional() @IsIn(RULE_TYPES) type?: (typeof RULE_TYPES)[number];
  @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

export class ListPostbackLogsQueryDto extends PostbackLogFilterDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

// POST /api/postback-logs/retry: the list's filters, as a JSON body.
export class BulkRetryDto extends PostbackLogFilterDto {
  @IsOptional() @IsBoolean() includeDelivered?: boolean;
  // Counts what a retry would take (matched, skipped, more) and changes nothing: the console
  // shows the count on its button and asks before a large retry.
  @IsOptional() @IsBoolean() dryRun?: boolean;
}

// Keeps PageQueryDto's shape for paginate() without a second class hierarchy.
export type LogPageQuery = ListPostbackLogsQueryDto & PageQueryDto;

export class TestPostbackDto {
  // Overrides of the sample macro values, by macro name; checked by TestSamplePipe.
  @ApiRecord({ oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsOptional()
  @IsObject()
  sample?: Record<string, string | number>;
}

// deliveries.status is varchar(16); a macro value is at most as long as a rule's URL.
export const SAMPLE_STATUS_MAX = 16;
export const SAMPLE_VALUE_MAX = 4096;

// Each sample value is text or a number, and the status fits the log's status column.
export function sampleProblems(sample: Record<string, unknown> = {}): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(sample)) {
    const field = `sample.${name}`;
    const isStatus = ['status', 'raw_status'].includes(canonicalMacroName(name) ?? '');
    const max = isStatus ? SAMPLE_STATUS_MAX : SAMPLE_VALUE_MAX;
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string') {
      problems.push({ field, code: 'isSampleValue', message: `${field} must be text or a number` });
    } else if (String(value).length > max) {
      problems.push({
        field,
        code: 'maxLength',
        message: `${field} must be at most ${max} characters`,
      });
    }
  }
  return problems;
}

// Runs after the global ValidationPipe, so errors can name the sample entry (sample.status).
@Injectable()
export class TestSamplePipe implements PipeTransform<TestPostbackDto, TestPostbackDto> {
  transform(dto: TestPostbackDto): TestPostbackDto {
    const problems = sampleProblems(dto.sample);
    if (problems.length > 0) {
      const fields = problems.map((p) => p.field).join(', ');
      throw new DomainError(400, 'validation_failed', `Invalid request: ${fields}`, problems);
    }
    return dto;
  }
}
