import { PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsOptionalNonNull } from '../../common/optional-non-null';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { ADVERTISER_STATUSES, AdvertiserStatus } from './advertiser.entity';

export class CreateAdvertiserDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptionalNonNull()
  @IsIn(ADVERTISER_STATUSES)
  status?: AdvertiserStatus;
}

// Any subset of the fields; null is refused (every column is required).
export class UpdateAdvertiserDto extends PartialType(CreateAdvertiserDto, {
  skipNullProperties: false,
}) {}

export class ListAdvertisersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(ADVERTISER_STATUSES)
  status?: AdvertiserStatus;
}
