import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { OVERVIEW_WINDOWS, OverviewWindow } from './overview-buckets';

export class OverviewQueryDto {
  @ApiPropertyOptional({ enum: Object.keys(OVERVIEW_WINDOWS), default: '24h' })
  @IsOptional()
  @IsIn(Object.keys(OVERVIEW_WINDOWS), { message: 'window must be one of 24h, 7d' })
  window?: OverviewWindow;
}
