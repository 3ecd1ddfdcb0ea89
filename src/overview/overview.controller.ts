import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ApiErrors, ApiKeyAuth } from '../common/openapi/api-docs';
import { OverviewQueryDto } from './overview-query.dto';
import { OverviewView } from './overview-views';
import { OverviewService } from './overview.service';

// The console's landing page (SPEC §11): a publisher gets its own rules' numbers.
@ApiTags('overview')
@ApiKeyAuth()
@Roles('admin', 'publisher')
@Controller('api/overview')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get()
  @ApiOperation({
    summary:
      'Deliveries by outcome over time, success rate, queue depth, failing and paused rules, intake refusals',
  })
  @ApiOkResponse({ type: OverviewView })
  @ApiErrors(400, 403)
  get(
    @CurrentPrincipal() principal: Principal,
    @Query() query: OverviewQueryDto,
  ): Promise<OverviewView> {
    return this.overview.overview(principal, query.window ?? '24h', new Date());
  }
}
