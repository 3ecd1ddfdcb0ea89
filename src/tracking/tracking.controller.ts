import { applyDecorators, Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/auth/auth.decorators';
import { ENTITY_ID_SCHEMA } from '../common/entity-id';
import { ApiErrors } from '../common/openapi/api-docs';
import { CLICK_TEXT_LIMITS, ClickParams, ImpressionParams } from './tracking-link.dto';
import { TrackingParamsPipe } from './tracking-params.pipe';
import { TrackingService, Visitor } from './tracking.service';
import { TRANSPARENT_GIF } from './transparent-gif';

const SUBS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'source'];
const MEANINGS: Record<string, string> = {
  offer_id: 'The offer',
  aff_id: 'The publisher (affiliate)',
  external_transaction_id: 'The publisher’s own click id, sent back in its postbacks',
  aff_click_id: 'Alias of external_transaction_id',
};
// The parameters of both links, and the refusals both give (before anything is recorded).
const ApiTrackingLink = (...extra: string[]) =>
  applyDecorators(
    ...['offer_id', 'aff_id'].map((name) =>
      ApiQuery({ name, description: MEANINGS[name], schema: ENTITY_ID_SCHEMA }),
    ),
    ...[...extra, ...SUBS].map((name) =>
      ApiQuery({
        name,
        required: false,
        description: MEANINGS[name],
        schema: { type: 'string', maxLength: CLICK_TEXT_LIMITS[name] },
      }),
    ),
    ApiErrors(
      [400, 'offer_id or aff_id missing or not an id, or a parameter too long'],
      [404, 'offer_not_found or publisher_not_found'],
      [410, 'offer_paused or publisher_blocked'],
      503,
    ),
  );

function visitorOf(request: FastifyRequest): Visitor {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    referer: request.headers.referer,
  };
}

// The parameters are typed as interfaces on purpose: the global pipe skips them (it would refuse
// unknown parameters) and the route's TrackingParamsPipe validates them against the DTO.
@ApiTags('tracking')
@Public()
@Controller()
export class TrackingController {
  constructor(private readonly tracking: TrackingService) {}

  @Get('click')
  @ApiOperation({ summary: 'Record a click and redirect to the offer (302)' })
  @ApiTrackingLink('external_transaction_id', 'aff_click_id')
  @ApiFoundResponse({
    description: 'Recorded; Location is the offer URL with the click macros filled in',
    headers: { Location: { schema: { type: 'string', format: 'uri' } } },
  })
  async click(
    @Query(TrackingParamsPipe.forClicks()) params: ClickParams,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const location = await this.tracking.click(params, visitorOf(request));
    void reply.code(302).header('location', location).header('cache-control', 'no-store').send();
  }

  @Get('impression')
  @ApiOperation({ summary: 'Record an impression; answers a 1×1 GIF' })
  @ApiTrackingLink()
  @ApiOkResponse({
    description: 'Recorded',
    content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } },
  })
  async impression(
    @Query(TrackingParamsPipe.forImpressions()) params: ImpressionParams,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.tracking.impression(params, visitorOf(request));
    void reply
      .code(200)
      .header('content-type', 'image/gif')
      .header('cache-control', 'no-store')
      .send(TRANSPARENT_GIF);
  }
}
