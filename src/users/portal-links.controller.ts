import { Controller, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../common/auth/auth.decorators';
import { ParseIdPipe } from '../common/entity-id';
import { AppConfig } from '../config/app-config';
import { PortalLinksService, PortalPartner } from './portal-links.service';
import { linkBase } from './request-origin';
import { PortalLinkView } from './user-views';

// One-time links into the console for a partner (SPEC §11); opened by GET /auth/portal/:token.
@ApiTags('portal-links')
@ApiBearerAuth()
@Roles('admin')
@Controller('api')
export class PortalLinksController {
  constructor(
    private readonly portalLinks: PortalLinksService,
    private readonly config: AppConfig,
  ) {}

  @Post('publishers/:id/portal-link')
  @ApiOperation({ summary: 'A one-time link (15 min) into the console as this publisher' })
  forPublisher(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<PortalLinkView> {
    return this.create(request, 'publisher', id);
  }

  @Post('advertisers/:id/portal-link')
  @ApiOperation({ summary: 'A one-time link (15 min) into the console as this advertiser' })
  forAdvertiser(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<PortalLinkView> {
    return this.create(request, 'advertiser', id);
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
