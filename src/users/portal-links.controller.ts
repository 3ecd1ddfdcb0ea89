import { Controller, Delete, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../common/auth/auth.decorators';
import { ApiEntityIdParam, ParseIdPipe } from '../common/entity-id';
import { ApiErrors, ApiKeyAuth } from '../common/openapi/api-docs';
import { AppConfig } from '../config/app-config';
import { PortalLinksService, PortalPartner } from './portal-links.service';
import { linkBase } from './request-origin';
import { PortalLinkView } from './user-views';

// One-time links into the console for a partner (SPEC §11), opened by GET /auth/portal/:token;
// and the end of the sessions they opened.
@ApiTags('portal-links')
@ApiKeyAuth()
@ApiErrors(400, 403, 404)
@ApiEntityIdParam()
@Roles('admin')
@Controller('api')
export class PortalLinksController {
  constructor(
    private readonly portalLinks: PortalLinksService,
    private readonly config: AppConfig,
  ) {}

  @Post('publishers/:id/portal-link')
  @ApiCreatedResponse({ type: PortalLinkView })
  @ApiOperation({ summary: 'A one-time link (15 min) into the console as this publisher' })
  forPublisher(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<PortalLinkView> {
    return this.create(request, 'publisher', id);
  }

  @Post('advertisers/:id/portal-link')
  @ApiCreatedResponse({ type: PortalLinkView })
  @ApiOperation({ summary: 'A one-time link (15 min) into the console as this advertiser' })
  forAdvertiser(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<PortalLinkView> {
    return this.create(request, 'advertiser', id);
  }

  @Delete('publishers/:id/portal-sessions')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'End every portal session of this publisher now' })
  endPublisherSessions(@Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.portalLinks.endSessions('publisher', id);
  }

  @Delete('advertisers/:id/portal-sessions')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'End every portal session of this advertiser now' })
  endAdvertiserSessions(@Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.portalLinks.endSessions('advertiser', id);
  }

  private async create(
    request: FastifyRequest,
    partner: PortalPartner,
    id: number,
  ): Promise<PortalLinkView> {
    const { token, expiresAt } = await this.portalLinks.create(partner, id);
    return { url: `${linkBase(request, this.config)}/auth/portal/${token}`, expiresAt };
  }
}
