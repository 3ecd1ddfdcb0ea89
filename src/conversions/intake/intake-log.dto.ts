import { IsIn, IsOptional } from 'class-validator';
import { IsEntityId } from '../../common/entity-id';
import { TimeRangePageQueryDto } from '../../common/pagination/page-query.dto';
import { INTAKE_OUTCOMES, IntakeOutcome } from '../intake-log.entity';

// Time range on receivedAt.
export class ListIntakeLogsQueryDto extends TimeRangePageQueryDto {
  @IsOptional()
  @IsEntityId()
  advertiserId?: number;

  @IsOptional()
  @IsIn(INTAKE_OUTCOMES)
  outcome?: IntakeOutcome;
}
