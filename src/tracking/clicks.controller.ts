import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ApiErrors, ApiKeyAuth, ApiPage } from '../common/openapi/api-docs';
import { mapPage, Page } from '../common/pagination/pagination';
import { TrackingQueriesService } from './tracking-queries.service';
import { ListClicksQueryDto } from './tracking-query.dto';
import { clickView, ClickView } from './tracking-views';

@ApiTags('clicks')
@ApiKeyAuth()
@Controller('api/clicks')
export class ClicksController {
  constructor(private readonly queries: TrackingQueriesService) {}

  @Get()
  @ApiOperation({ summary: 'List clicks in the key’s scope, newest first' })
  @ApiPage(ClickView)
  @ApiErrors(400)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListClicksQueryDto,
  ): Promise<Page<ClickView>> {
    return mapPage(await this.queries.clicks(principal, query), clickView);
  }

  @Get(':transactionId')
  @ApiOperation({ summary: 'Get a click by its network transaction id' })
  @ApiOkResponse({ type: ClickView })
  @ApiErrors(404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('transactionId') id: string,
  ): Promise<ClickView> {
    return clickView(await this.queries.click(principal, id));
  }
}
