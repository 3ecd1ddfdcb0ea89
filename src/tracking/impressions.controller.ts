import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ApiErrors, ApiKeyAuth, ApiPage } from '../common/openapi/api-docs';
import { mapPage, Page } from '../common/pagination/pagination';
import { TrackingQueriesService } from './tracking-queries.service';
import { ListImpressionsQueryDto } from './tracking-query.dto';
import { impressionView, ImpressionView } from './tracking-views';

@ApiTags('impressions')
@ApiKeyAuth()
@Controller('api/impressions')
export class ImpressionsController {
  constructor(private readonly queries: TrackingQueriesService) {}

  @Get()
  @ApiOperation({ summary: 'List impressions in the key’s scope, newest first' })
  @ApiPage(ImpressionView)
  @ApiErrors(400)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListImpressionsQueryDto,
  ): Promise<Page<ImpressionView>> {
    return mapPage(await this.queries.impressions(principal, query), impressionView);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an impression' })
  @ApiOkResponse({ type: ImpressionView })
  @ApiErrors(404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<ImpressionView> {
    return impressionView(await this.queries.impression(principal, id));
  }
}
