import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { mapPage } from '../common/pagination/pagination';
import { TrackingQueriesService } from './tracking-queries.service';
import { ListImpressionsQueryDto } from './tracking-query.dto';
import { impressionView } from './tracking-views';

@ApiTags('impressions')
@ApiBearerAuth()
@Controller('api/impressions')
export class ImpressionsController {
  constructor(private readonly queries: TrackingQueriesService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListImpressionsQueryDto) {
    return mapPage(await this.queries.impressions(principal, query), impressionView);
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return impressionView(await this.queries.impression(principal, id));
  }
}
