import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { mapPage } from '../common/pagination/pagination';
import { ParseConversionIdPipe } from './conversion-id.pipe';
import { conversionView, statusHistoryView } from './conversion-views';
import {
  CreateConversionDto,
  ListConversionsQueryDto,
  UpdateConversionDto,
} from './conversion.dto';
import { ConversionsService, ConversionWithHistory } from './conversions.service';

@ApiTags('conversions')
@ApiBearerAuth()
@Controller('api/conversions')
export class ConversionsController {
  constructor(private readonly conversions: ConversionsService) {}

  // 201 when created; 200 for a repeat (duplicate: true) or a status update.
  @Post()
  @Roles('admin', 'advertiser')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateConversionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { outcome, conversion } = await this.conversions.create(principal, dto);
    void reply.status(outcome === 'created' ? 201 : 200);
    return { ...conversionView(principal, conversion), duplicate: outcome === 'duplicate' };
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListConversionsQueryDto) {
    const page = await this.conversions.list(principal, query);
    return mapPage(page, (c) => conversionView(principal, c));
  }

  @Get(':id')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseConversionIdPipe) id: string,
  ) {
    return withHistory(principal, await this.conversions.get(principal, id));
  }

  @Patch(':id')
  @Roles('admin', 'advertiser')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseConversionIdPipe) id: string,
    @Body() dto: UpdateConversionDto,
  ) {
    return withHistory(principal, await this.conversions.update(principal, id, dto));
  }
}

function withHistory(principal: Principal, { conversion, history }: ConversionWithHistory) {
  return { ...conversionView(principal, conversion), statusHistory: statusHistoryView(history) };
}
