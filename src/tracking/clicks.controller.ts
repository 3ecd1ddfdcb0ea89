import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { mapPage } from '../common/pagination/pagination';
import { TrackingQueriesService } from './tracking-queries.service';
import { ListClicksQueryDto } from './tracking-query.dto';
import { clickView } from './tracking-views';

@ApiTags('clicks')
@ApiBearerAuth()
@Controller('api/clicks')
export class ClicksController {
  constructor(private readonly queries: TrackingQueriesService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListClicksQueryDto) {
    return mapPage(await this.queries.clicks(principal, query), clickView);
  }

  @Get(':transactionId')
  async get(@CurrentPrincipal() principal: Principal, @Param('transactionId') id: string) {
    return clickView(await this.queries.click(principal, id));
  }
}
