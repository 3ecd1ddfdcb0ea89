import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiEntityIdParam, ParseIdPipe } from '../../common/entity-id';
import { ApiErrors, ApiKeyAuth, ApiPage } from '../../common/openapi/api-docs';
import { Page } from '../../common/pagination/pagination';
import { CreatePublisherDto, ListPublishersQueryDto, UpdatePublisherDto } from './publisher.dto';
import { Publisher } from './publisher.entity';
import { PublishersService } from './publishers.service';

// A publisher's columns are all public to whoever may see it: the entity is its view.
@ApiTags('publishers')
@ApiKeyAuth()
@Controller('api/publishers')
export class PublishersController {
  constructor(private readonly publishers: PublishersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a publisher (affiliate)' })
  @ApiCreatedResponse({ type: Publisher })
  @ApiErrors(400, 403)
  create(@Body() dto: CreatePublisherDto): Promise<Publisher> {
    return this.publishers.create(dto);
  }

  @Get()
  @Roles('admin', 'publisher')
  @ApiOperation({ summary: 'List publishers (a publisher key sees itself only)' })
  @ApiPage(Publisher)
  @ApiErrors(400, 403)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListPublishersQueryDto,
  ): Promise<Page<Publisher>> {
    return this.publishers.list(principal, query);
  }

  @Get(':id')
  @Roles('admin', 'publisher')
  @ApiOperation({ summary: 'Get a publisher' })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: Publisher })
  @ApiErrors(400, 403, 404)
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<Publisher> {
    return this.publishers.get(principal, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a publisher’s name or status (blocked stops its clicks)' })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: Publisher })
  @ApiErrors(400, 403, 404)
  update(
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdatePublisherDto,
  ): Promise<Publisher> {
    return this.publishers.update(id, dto);
  }
}
