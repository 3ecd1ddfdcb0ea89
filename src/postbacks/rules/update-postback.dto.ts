import { PartialType } from '@nestjs/swagger';
import { CreatePostbackDto } from './create-postback.dto';

// Any subset of the fields; null is refused where create refuses it (name, url, method…).
export class UpdatePostbackDto extends PartialType(CreatePostbackDto, {
  skipNullProperties: false,
}) {}
