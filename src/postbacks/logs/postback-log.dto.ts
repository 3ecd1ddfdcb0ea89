import { Type } from 'class-transformer';
import {
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
import { PageQueryDto } from '../../common/pagination/pagination';
import { DELIVERY_STATES, DeliveryState } from '../delivery/delivery.entity';

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

// Keeps PageQueryDto's shape for paginate() without a second class hierarchy.
export type LogPageQuery = ListPostbackLogsQueryDto & PageQueryDto;

export class TestPostbackDto {
  // Overrides of the sample macro values, by macro name.
  @IsOptional()
  @IsObject()
  sample?: Record<string, string | number>;
}
