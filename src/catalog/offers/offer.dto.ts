import { PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEntityId } from '../../common/entity-id';
import { IsCurrencyCode, IsMoney } from '../../common/money';
import { IsOptionalNonNull } from '../../common/optional-non-null';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { OFFER_STATUSES, OfferStatus } from './offer.entity';

export class CreateOfferDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsEntityId()
  advertiserId: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  url: string;

  @IsOptionalNonNull()
  @IsIn(OFFER_STATUSES)
  status?: OfferStatus;

  @IsMoney()
  payout: string;

  @IsMoney()
  revenue: string;

  @IsCurrencyCode()
  currency: string;
}

// Any subset of the fields; null is refused (every column is required).
export class UpdateOfferDto extends PartialType(CreateOfferDto, { skipNullProperties: false }) {}

export class ListOffersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(OFFER_STATUSES)
  status?: OfferStatus;

  @IsOptional()
  @IsEntityId()
  advertiserId?: number;
}
