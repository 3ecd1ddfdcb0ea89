import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEntityId } from '../common/entity-id';
import { PageQueryDto } from '../common/pagination/pagination';
import { EXTERNAL_TRANSACTION_ID_MAX } from './tracking-params';

export class ListImpressionsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsEntityId()
  offerId?: number;

  @IsOptional()
  @IsEntityId()
  publisherId?: number;

  // Inclusive.
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  // Exclusive.
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ListClicksQueryDto extends ListImpressionsQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(EXTERNAL_TRANSACTION_ID_MAX)
  externalTransactionId?: string;
}
