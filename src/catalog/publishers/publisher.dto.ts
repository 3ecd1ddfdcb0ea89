import { PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsOptionalNonNull } from '../../common/optional-non-null';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { PUBLISHER_STATUSES, PublisherStatus } from './publisher.entity';

export class CreatePublisherDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptionalNonNull()
  @IsIn(PUBLISHER_STATUSES)
  status?: PublisherStatus;
}

// Any subset of the fields; null is refused (every column is required).
export class UpdatePublisherDto extends PartialType(CreatePublisherDto, {
  skipNullProperties: false,
}) {}

export class ListPublishersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(PUBLISHER_STATUSES)
  status?: PublisherStatus;
}
