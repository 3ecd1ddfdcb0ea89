import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ApiEntityIdParam, ParseIdPipe } from '../common/entity-id';
import { ApiErrors, ApiKeyAuth, ApiPage } from '../common/openapi/api-docs';
import { Page } from '../common/pagination/pagination';
import { PageQueryDto } from '../common/pagination/page-query.dto';
import { CreateNotificationEndpointDto } from './notification-endpoint.dto';
import { NotificationEndpointsService } from './notification-endpoints.service';
import { NotificationEndpointView, NotificationView } from './notification-views';

// Where governance events are sent (SPEC §13): admins for the network, publishers for their
// own rules.
@ApiTags('notifications')
@ApiKeyAuth()
@ApiErrors(403)
@Roles('admin', 'publisher')
@Controller('api/notification-endpoints')
export class NotificationEndpointsController {
  constructor(private readonly endpoints: NotificationEndpointsService) {}

  @Post()
  @ApiOperation({ summary: 'Add a notification endpoint (the signing secret is never returned)' })
  @ApiCreatedResponse({ type: NotificationEndpointView })
  @ApiErrors(400)
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateNotificationEndpointDto,
  ): Promise<NotificationEndpointView> {
    return this.endpoints.create(principal, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The notification endpoints the caller may see, newest first' })
  @ApiPage(NotificationEndpointView)
  @ApiErrors(400)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<Page<NotificationEndpointView>> {
    return this.endpoints.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One notification endpoint' })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: NotificationEndpointView })
  @ApiErrors(400, 404)
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<NotificationEndpointView> {
    return this.endpoints.get(principal, id);
  }

  @Get(':id/notifications')
  @ApiOperation({
    summary: 'What was sent to the endpoint, newest first, with every attempt (status, error, duration)',
  })
  @ApiEntityIdParam()
  @ApiPage(NotificationView)
  @ApiErrors(400, 404)
  notifications(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: PageQueryDto,
  ): Promise<Page<NotificationView>> {
    return this.endpoints.notifications(principal, id, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a notification endpoint and what was sent to it' })
  @ApiEntityIdParam()
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(400, 404)
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<void> {
    await this.endpoints.remove(principal, id);
  }
}
