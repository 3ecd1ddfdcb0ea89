import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ParseIdPipe } from '../../common/entity-id';
import {
  CreateAdvertiserDto,
  ListAdvertisersQueryDto,
  UpdateAdvertiserDto,
} from './advertiser.dto';
import { AdvertisersService } from './advertisers.service';

@ApiTags('advertisers')
@ApiBearerAuth()
@Controller('api/advertisers')
export class AdvertisersController {
  constructor(private readonly advertisers: AdvertisersService) {}

  @Post()
  @Roles('admin')
  create(@Body() dto: CreateAdvertiserDto) {
    return this.advertisers.create(dto);
  }

  @Get()
  @Roles('admin', 'advertiser')
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListAdvertisersQueryDto) {
    return this.advertisers.list(principal, query);
  }

  @Get(':id')
  @Roles('admin', 'advertiser')
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    return this.advertisers.get(principal, id);
  }

  @Patch(':id')
  @Roles('admin')
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateAdvertiserDto) {
    return this.advertisers.update(id, dto);
  }

  @Post(':id/rotate-postback-key')
  @Roles('admin')
  rotate(@Param('id', ParseIdPipe) id: number) {
    return this.advertisers.rotatePostbackKey(id);
  }
}
