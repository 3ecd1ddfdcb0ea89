import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ParseIdPipe } from '../../common/entity-id';
import { mapPage } from '../../common/pagination/pagination';
import { AppConfig } from '../../config/app-config';
import {
  CreateAdvertiserDto,
  ListAdvertisersQueryDto,
  UpdateAdvertiserDto,
} from './advertiser.dto';
import { Advertiser } from './advertiser.entity';
import { advertiserView } from './advertiser-view';
import { AdvertisersService } from './advertisers.service';

@ApiTags('advertisers')
@ApiBearerAuth()
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
  async create(@Body() dto: CreateAdvertiserDto) {
    return this.view(await this.advertisers.create(dto));
  }

  @Get()
  @Roles('admin', 'advertiser')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListAdvertisersQueryDto) {
    return mapPage(await this.advertisers.list(principal, query), this.view);
  }

  @Get(':id')
  @Roles('admin', 'advertiser')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    return this.view(await this.advertisers.get(principal, id));
  }

  @Patch(':id')
  @Roles('admin')
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateAdvertiserDto) {
    return this.view(await this.advertisers.update(id, dto));
  }

  @Post(':id/rotate-postback-key')
  @Roles('admin')
  async rotate(@Param('id', ParseIdPipe) id: number) {
    return this.view(await this.advertisers.rotatePostbackKey(id));
  }
}
