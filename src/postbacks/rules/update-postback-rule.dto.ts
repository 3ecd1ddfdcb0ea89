import { PartialType } from '@nestjs/swagger';
import { CreatePostbackRuleDto } from './create-postback-rule.dto';

// Any subset of the fields; null is refused where create refuses it (name, url, method…).
export class UpdatePostbackRuleDto extends PartialType(CreatePostbackRuleDto, {
  skipNullProperties: false,
}) {}
