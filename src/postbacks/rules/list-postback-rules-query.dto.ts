import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { ENTITY_ID_SCHEMA, IsEntityId, MAX_ENTITY_ID } from '../../common/entity-id';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { APPROVAL_STATES, ApprovalState } from './postback-rule.entity';
import { IsPresetId } from './postback-validators';
import { RULE_TYPES } from './rule-kinds';
import type { RuleType } from './rule-matcher';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
// `publisherId=null` lists network-level rules.
const toPublisherId = ({ value }: { value: unknown }) =>
  value === 'null' ? null : /^\d{1,10}$/.test(String(value)) ? Number(value) : value;

export class ListPostbackRulesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    ...ENTITY_ID_SCHEMA,
    description: 'A publisher id, or null: network-level rules',
  })
  @ValidateIf((_o, value) => value !== undefined && value !== null)
  @Transform(toPublisherId)
  @IsInt({ message: 'publisherId must be a publisher id or "null"' })
  @Min(1)
  @Max(MAX_ENTITY_ID)
  publisherId?: number | null;

  // Rules that list this offer (global rules, which cover every offer, are not included).
  @IsOptional()
  @IsEntityId()
  offerId?: number;

  @IsOptional()
  @IsIn(RULE_TYPES)
  type?: RuleType;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;

  // `pending`: the approval queue (SPEC §13).
  @IsOptional()
  @IsIn(APPROVAL_STATES)
  approvalState?: ApprovalState;

  // Rules built from this receiver preset.
  @IsOptional()
  @IsPresetId()
  presetId?: string;
}
