import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ApiEntityIdParam, ParseIdPipe } from '../common/entity-id';
import { ApiErrors, ApiKeyAuth } from '../common/openapi/api-docs';
import { TrackingLinkQueryDto } from './tracking-link-query.dto';
import { TrackingLinkView } from './tracking-link-view';
import { TrackingLinksService } from './tracking-links.service';

// The public /click link of an offer for a publisher (SPEC §12); lives with tracking, which
// owns /click, though its path sits under the offer.
@ApiTags('offers')
@ApiKeyAuth()
@Controller('api/offers')
export class TrackingLinksController {
  constructor(private readonly links: TrackingLinksService) {}

  @Get(':id/tracking-link')
  @Roles('admin', 'publisher')
  @ApiOperation({ summary: 'Build a publisher’s tracking link (/click URL) for an offer' })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: TrackingLinkView })
  @ApiErrors(400, 403, 404)
  link(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: TrackingLinkQueryDto,
  ): Promise<TrackingLinkView> {
    return this.links.link(principal, id, query);
  }
}
