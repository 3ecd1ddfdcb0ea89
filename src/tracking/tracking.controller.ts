import { applyDecorators, Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/auth/auth.decorators';
import type { ClickParams, ImpressionParams } from './tracking-link.dto';
import { TrackingParamsPipe } from './tracking-params.pipe';
import { TrackingService, Visitor } from './tracking.service';
import { TRANSPARENT_GIF } from './transparent-gif';

const SUBS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'source'];
const ApiTrackingQuery = (...extra: string[]) =>
  applyDecorators(
    ApiQuery({ name: 'offer_id', type: Number }),
    ApiQuery({ name: 'aff_id', type: Number }),
    ...[...extra, ...SUBS].map((name) => ApiQuery({ name, type: String, required: false })),
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
  @ApiTrackingQuery('external_transaction_id', 'aff_click_id')
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
  @ApiTrackingQuery()
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
