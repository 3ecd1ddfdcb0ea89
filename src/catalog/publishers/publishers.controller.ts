import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ParseIdPipe } from '../../common/entity-id';
import { CreatePublisherDto, ListPublishersQueryDto, UpdatePublisherDto } from './publisher.dto';
import { PublishersService } from './publishers.service';

@ApiTags('publishers')
@ApiBearerAuth()
@Controller('api/publishers')
export class PublishersController {
  constructor(private readonly publishers: PublishersService) {}

  @Post()
  @Roles('admin')
  create(@Body() dto: CreatePublisherDto) {
    return this.publishers.create(dto);
  }

  @Get()
  @Roles('admin', 'publisher')
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListPublishersQueryDto) {
    return this.publishers.list(principal, query);
  }

  @Get(':id')
  @Roles('admin', 'publisher')
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    return this.publishers.get(principal, id);
  }

  @Patch(':id')
  @Roles('admin')
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdatePublisherDto) {
    return this.publishers.update(id, dto);
  }
}
