import { PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { IsEntityId } from '../../common/entity-id';
import { IsMoney } from '../../common/money';
import { PageQueryDto } from '../../common/pagination/pagination';
import { OFFER_STATUSES, OfferStatus } from './offer.entity';

const upper = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toUpperCase() : value;

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

  @IsOptional()
  @IsIn(OFFER_STATUSES)
  status?: OfferStatus;

  @IsMoney()
  payout: string;

  @IsMoney()
  revenue: string;

  @Transform(upper)
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code such as USD or EUR' })
  currency: string;
}

export class UpdateOfferDto extends PartialType(CreateOfferDto) {}

export class ListOffersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(OFFER_STATUSES)
  status?: OfferStatus;

  @IsOptional()
  @IsEntityId()
  advertiserId?: number;
}
