import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { PostbackRuleFieldsDto } from './create-postback-rule.dto';

// An unsaved rule plus sample values (macro name or alias → value) over the built-in ones.
export class PreviewPostbackRuleDto extends PostbackRuleFieldsDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsObject()
  sample?: Record<string, unknown>;
}
