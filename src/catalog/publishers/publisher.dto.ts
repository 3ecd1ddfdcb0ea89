import { PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { PUBLISHER_STATUSES, PublisherStatus } from './publisher.entity';

export class CreatePublisherDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsIn(PUBLISHER_STATUSES)
  status?: PublisherStatus;
}

export class UpdatePublisherDto extends PartialType(CreatePublisherDto) {}

export class ListPublishersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(PUBLISHER_STATUSES)
  status?: PublisherStatus;
}
