import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiErrors, ApiKeyAuth, ApiPage } from '../../common/openapi/api-docs';
import { mapPage, Page } from '../../common/pagination/pagination';
import { intakeLogView, IntakeLogView } from './intake-log-view';
import { ListIntakeLogsQueryDto } from './intake-log.dto';
import { IntakeLogsService } from './intake-logs.service';

@ApiTags('intake')
@ApiKeyAuth()
@Controller('api/intake-logs')
export class IntakeLogsController {
  constructor(private readonly logs: IntakeLogsService) {}

  @Get()
  @Roles('admin', 'advertiser')
  @ApiOperation({ summary: 'List S2S intake requests, accepted or refused, newest first' })
  @ApiPage(IntakeLogView)
  @ApiErrors(400, 403)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListIntakeLogsQueryDto,
  ): Promise<Page<IntakeLogView>> {
    return mapPage(await this.logs.list(principal, query), intakeLogView);
  }
}
