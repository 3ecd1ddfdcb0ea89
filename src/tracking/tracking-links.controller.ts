import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ParseIdPipe } from '../common/entity-id';
import { TrackingLinkQueryDto } from './tracking-link-query.dto';
import { TrackingLinksService } from './tracking-links.service';

// The public /click link of an offer for a publisher (SPEC §12); lives with tracking, which
// owns /click, though its path sits under the offer.
@ApiTags('offers')
@ApiBearerAuth()
@Controller('api/offers')
export class TrackingLinksController {
  constructor(private readonly links: TrackingLinksService) {}

  @Get(':id/tracking-link')
  @Roles('admin', 'publisher')
  link(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: TrackingLinkQueryDto,
  ) {
    return this.links.link(principal, id, query);
  }
}
