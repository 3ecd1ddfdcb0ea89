import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiEntityIdParam, ParseIdPipe } from '../../common/entity-id';
import { ApiErrors, ApiKeyAuth } from '../../common/openapi/api-docs';
import { RuleHealthQueryDto } from './rule-health-query.dto';
import { RuleHealthView } from './rule-health-views';
import { RuleHealthService } from './rule-health.service';

// A rule's delivery health and traffic check (SPEC §14).
@ApiTags('postbacks')
@ApiKeyAuth()
@Roles('admin', 'publisher')
@Controller('api/postbacks')
export class RuleHealthController {
  constructor(private readonly health: RuleHealthService) {}

  @Get(':id/health')
  @ApiOperation({
    summary: 'A rule’s delivery health and the traffic check of the click macros it uses',
  })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: RuleHealthView })
  @ApiErrors(400, 403, 404)
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: RuleHealthQueryDto,
  ): Promise<RuleHealthView> {
    return this.health.health(principal, id, query.window ?? '24h');
  }
}
