import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/auth.decorators';
import { ApiIntakeOperation } from './intake-api-docs';
import { IntakeReply } from './intake-params';
import { IntakeService } from './intake.service';

// 1×1 transparent GIF for `return=gif` (pixel-style integrations).
const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

// The advertiser's S2S postback URL: no API key, the advertiser's postback key in the path.
@ApiTags('intake')
@ApiParam({ name: 'postbackKey', description: 'The advertiser’s postback key' })
@Public()
@Controller('postback')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Get(':postbackKey')
  @ApiIntakeOperation('GET')
  get(
    @Param('postbackKey') key: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.handle(key, request, reply);
  }

  // Query parameters and/or an application/x-www-form-urlencoded body.
  @Post(':postbackKey')
  @ApiIntakeOperation('POST')
  post(
    @Param('postbackKey') key: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.handle(key, request, reply);
  }

  private async handle(key: string, request: FastifyRequest, reply: FastifyReply) {
    const queryAt = request.url.indexOf('?');
    const result = await this.intake.handle({
      postbackKey: key,
      method: request.method,
      queryString: queryAt >= 0 ? request.url.slice(queryAt + 1) : '',
      query: request.query,
      body: request.body,
      ip: request.ip ?? null,
    });
    send(reply, result);
  }
}

function send(reply: FastifyReply, result: IntakeReply): void {
  void reply.status(200).header('cache-control', 'no-store');
  if (result.kind === 'gif') {
    void reply.header('content-type', 'image/gif').send(PIXEL_GIF);
    return;
  }
  // The advertiser's own text is echoed back: plain text, never sniffed as HTML.
  void reply
    .header('content-type', 'text/plain; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .send(result.text);
}
