import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEntityId } from '../common/entity-id';
import { TimeRangePageQueryDto } from '../common/pagination/page-query.dto';
import { EXTERNAL_TRANSACTION_ID_MAX } from './tracking-params';

// Time range on createdAt.
export class ListImpressionsQueryDto extends TimeRangePageQueryDto {
  @IsOptional()
  @IsEntityId()
  offerId?: number;

  @IsOptional()
  @IsEntityId()
  publisherId?: number;
}

export class ListClicksQueryDto extends ListImpressionsQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(EXTERNAL_TRANSACTION_ID_MAX)
  externalTransactionId?: string;
}
