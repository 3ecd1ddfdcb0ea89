import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { HEALTH_WINDOWS, HealthWindow } from './rule-health-checks';

export class RuleHealthQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(HEALTH_WINDOWS), default: '24h' })
  @IsOptional()
  @IsIn(Object.keys(HEALTH_WINDOWS), { message: 'window must be one of 1h, 24h, 7d' })
  window?: HealthWindow;
}
