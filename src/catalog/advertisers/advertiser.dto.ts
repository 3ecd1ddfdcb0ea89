import { PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { ADVERTISER_STATUSES, AdvertiserStatus } from './advertiser.entity';

export class CreateAdvertiserDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsIn(ADVERTISER_STATUSES)
  status?: AdvertiserStatus;
}

export class UpdateAdvertiserDto extends PartialType(CreateAdvertiserDto) {}

export class ListAdvertisersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(ADVERTISER_STATUSES)
  status?: AdvertiserStatus;
}
