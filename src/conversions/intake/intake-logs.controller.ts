import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { mapPage } from '../../common/pagination/pagination';
import { ListIntakeLogsQueryDto } from './intake-log.dto';
import { intakeLogView, IntakeLogsService } from './intake-logs.service';

@ApiTags('intake')
@ApiBearerAuth()
@Controller('api/intake-logs')
export class IntakeLogsController {
  constructor(private readonly logs: IntakeLogsService) {}

  @Get()
  @Roles('admin', 'advertiser')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListIntakeLogsQueryDto) {
    return mapPage(await this.logs.list(principal, query), intakeLogView);
  }
}
