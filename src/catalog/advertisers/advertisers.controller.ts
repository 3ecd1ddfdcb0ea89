import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiEntityIdParam, ParseIdPipe } from '../../common/entity-id';
import { ApiErrors, ApiKeyAuth, ApiPage } from '../../common/openapi/api-docs';
import { mapPage, Page } from '../../common/pagination/pagination';
import { AppConfig } from '../../config/app-config';
import {
  CreateAdvertiserDto,
  ListAdvertisersQueryDto,
  UpdateAdvertiserDto,
} from './advertiser.dto';
import { Advertiser } from './advertiser.entity';
import { advertiserView, AdvertiserView } from './advertiser-view';
import { AdvertisersService } from './advertisers.service';

@ApiTags('advertisers')
@ApiKeyAuth()
@Controller('api/advertisers')
export class AdvertisersController {
  constructor(
    private readonly advertisers: AdvertisersService,
    private readonly config: AppConfig,
  ) {}

  private view = (advertiser: Advertiser) =>
    advertiserView(advertiser, this.config.PUBLIC_BASE_URL);

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an advertiser (its postback key is generated)' })
  @ApiCreatedResponse({ type: AdvertiserView })
  @ApiErrors(400, 403)
  async create(@Body() dto: CreateAdvertiserDto): Promise<AdvertiserView> {
    return this.view(await this.advertisers.create(dto));
  }

  @Get()
  @Roles('admin', 'advertiser')
  @ApiOperation({ summary: 'List advertisers (an advertiser key sees itself only)' })
  @ApiPage(AdvertiserView)
  @ApiErrors(400, 403)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListAdvertisersQueryDto,
  ): Promise<Page<AdvertiserView>> {
    return mapPage(await this.advertisers.list(principal, query), this.view);
  }

  @Get(':id')
  @Roles('admin', 'advertiser')
  @ApiOperation({ summary: 'Get an advertiser with its S2S postback URL' })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: AdvertiserView })
  @ApiErrors(400, 403, 404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<AdvertiserView> {
    return this.view(await this.advertisers.get(principal, id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change an advertiser’s name or status' })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: AdvertiserView })
  @ApiErrors(400, 403, 404)
  async update(
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateAdvertiserDto,
  ): Promise<AdvertiserView> {
    return this.view(await this.advertisers.update(id, dto));
  }

  @Post(':id/rotate-postback-key')
  @Roles('admin')
  @ApiOperation({
    summary: 'Give an advertiser a new postback key, retiring its old S2S postback URL',
  })
  @ApiEntityIdParam()
  @ApiCreatedResponse({ type: AdvertiserView })
  @ApiErrors(400, 403, 404)
  async rotate(@Param('id', ParseIdPipe) id: number): Promise<AdvertiserView> {
    return this.view(await this.advertisers.rotatePostbackKey(id));
  }
}
