import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ApiErrors, ApiKeyAuth, ApiPage, ApiUuidParam } from '../common/openapi/api-docs';
import { mapPage, Page } from '../common/pagination/pagination';
import { ParseConversionIdPipe } from './conversion-id.pipe';
import {
  conversionView,
  ConversionView,
  ConversionWithHistoryView,
  RecordedConversionView,
  statusHistoryView,
} from './conversion-views';
import {
  CreateConversionDto,
  ListConversionsQueryDto,
  UpdateConversionDto,
} from './conversion.dto';
import { ConversionsService, ConversionWithHistory } from './conversions.service';

@ApiTags('conversions')
@ApiKeyAuth()
@Controller('api/conversions')
export class ConversionsController {
  constructor(private readonly conversions: ConversionsService) {}

  // 201 when created; 200 for a repeat (duplicate: true) or a status update.
  @Post()
  @Roles('admin', 'advertiser')
  @ApiOperation({ summary: 'Report a conversion of a click (a repeat is not a new conversion)' })
  @ApiCreatedResponse({ type: RecordedConversionView, description: 'A new conversion' })
  @ApiOkResponse({
    type: RecordedConversionView,
    description: 'The same conversion again (duplicate: true), or its status changed',
  })
  @ApiErrors(400, 403, [404, 'No click has this transactionId (for this key)'], 409)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateConversionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordedConversionView> {
    const { outcome, conversion } = await this.conversions.create(principal, dto);
    void reply.status(outcome === 'created' ? 201 : 200);
    return { ...conversionView(principal, conversion), duplicate: outcome === 'duplicate' };
  }

  @Get()
  @ApiOperation({ summary: 'List conversions in the key’s scope' })
  @ApiPage(ConversionView)
  @ApiErrors(400)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListConversionsQueryDto,
  ): Promise<Page<ConversionView>> {
    const page = await this.conversions.list(principal, query);
    return mapPage(page, (c) => conversionView(principal, c));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a conversion with its status history' })
  @ApiUuidParam()
  @ApiOkResponse({ type: ConversionWithHistoryView })
  @ApiErrors(400, 404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseConversionIdPipe) id: string,
  ): Promise<ConversionWithHistoryView> {
    return withHistory(principal, await this.conversions.get(principal, id));
  }

  @Patch(':id')
  @Roles('admin', 'advertiser')
  @ApiOperation({ summary: 'Change a conversion’s status or amounts (fires the matching rules)' })
  @ApiUuidParam()
  @ApiOkResponse({ type: ConversionWithHistoryView })
  @ApiErrors(400, 403, 404, [409, 'The status change is not allowed'])
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseConversionIdPipe) id: string,
    @Body() dto: UpdateConversionDto,
  ): Promise<ConversionWithHistoryView> {
    return withHistory(principal, await this.conversions.update(principal, id, dto));
  }
}

function withHistory(
  principal: Principal,
  { conversion, history }: ConversionWithHistory,
): ConversionWithHistoryView {
  return { ...conversionView(principal, conversion), statusHistory: statusHistoryView(history) };
}
