import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { TimeRangePageQueryDto } from '../common/pagination/page-query.dto';
import { AUDITED_ENTITY_TYPES, AuditedEntityType } from './audit-entry.entity';

// Time range on `at`.
export class ListAuditLogQueryDto extends TimeRangePageQueryDto {
  @IsOptional()
  @IsIn(AUDITED_ENTITY_TYPES)
  entityType?: AuditedEntityType;

  // A rule's or publisher's id, a currency code: what the entry's entityId holds.
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  entityId?: string;

  // `user:<id>`, `api_key:<id>`, `portal:<id>`, `system`, `bootstrap_key`, or an actor's label
  // (an email, a key's name, `auto-pause`).
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  actor?: string;
}
