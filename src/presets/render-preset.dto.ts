import { PickType } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import { PostbackRuleFieldsDto } from '../postbacks/rules/create-postback-rule.dto';

// Field name → value, each checked against the preset's own field list; plus the rule's scope,
// checked as POST /api/postbacks checks it (an admin names publisherId, a publisher id or null).
export class RenderPresetDto extends PickType(PostbackRuleFieldsDto, [
  'publisherId',
  'offerIds',
] as const) {
  @IsOptional()
  @IsObject()
  fields?: Record<string, unknown>;
}
