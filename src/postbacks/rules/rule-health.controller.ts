import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ParseIdPipe } from '../../common/entity-id';
import { RuleHealthQueryDto } from './rule-health-query.dto';
import { RuleHealthService } from './rule-health.service';

// A rule's delivery health and traffic check (SPEC §14).
@ApiTags('postbacks')
@ApiBearerAuth()
@Roles('admin', 'publisher')
@Controller('api/postbacks')
export class RuleHealthController {
  constructor(private readonly health: RuleHealthService) {}

  @Get(':id/health')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: RuleHealthQueryDto,
  ) {
    return this.health.health(principal, id, query.window ?? '24h');
  }
}
