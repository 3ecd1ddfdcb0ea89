import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEntityId } from '../common/entity-id';
import { IsCurrencyCode, IsMoney } from '../common/money';
import { IsOptionalNonNull } from '../common/optional-non-null';
import { TimeRangePageQueryDto } from '../common/pagination/page-query.dto';
import { CONVERSION_STATUSES, ConversionStatus } from './conversion.entity';

export class CreateConversionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  transactionId: string;

  @IsOptional()
  @IsIn(CONVERSION_STATUSES)
  status?: ConversionStatus;

  // Goal name; absent = the base conversion.
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  event?: string | null;

  @IsOptional()
  @IsMoney()
  payout?: string;

  @IsOptional()
  @IsMoney()
  revenue?: string;

  // Currency of payout/revenue when not the offer's; converted with the currency rates.
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  advertiserTransactionId?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  rejectionReason?: string | null;
}

// null is refused where it could only mean "keep" or "empty" a required column.
export class UpdateConversionDto {
  @IsOptionalNonNull()
  @IsIn(CONVERSION_STATUSES)
  status?: ConversionStatus;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  rejectionReason?: string | null;

  @IsOptionalNonNull()
  @IsMoney()
  payout?: string;

  @IsOptionalNonNull()
  @IsMoney()
  revenue?: string;
}

// Time range on createdAt.
export class ListConversionsQueryDto extends TimeRangePageQueryDto {
  @IsOptional()
  @IsEntityId()
  offerId?: number;

  @IsOptional()
  @IsEntityId()
  publisherId?: number;

  @IsOptional()
  @IsEntityId()
  advertiserId?: number;

  @IsOptional()
  @IsIn(CONVERSION_STATUSES)
  status?: ConversionStatus;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  transactionId?: string;
}
