import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { IsEntityId } from '../../common/entity-id';
import { PageQueryDto } from '../../common/pagination/pagination';
import { INTAKE_OUTCOMES, IntakeOutcome } from '../intake-log.entity';

export class ListIntakeLogsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsEntityId()
  advertiserId?: number;

  @IsOptional()
  @IsIn(INTAKE_OUTCOMES)
  outcome?: IntakeOutcome;

  // On receivedAt: from inclusive, to exclusive.
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
