import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { badRequest } from '../../common/errors/domain-error';
import { ApiEntityIdParam, ParseIdPipe } from '../../common/entity-id';
import { ApiErrors, ApiKeyAuth, ApiPage, ApiUuidParam } from '../../common/openapi/api-docs';
import { Page } from '../../common/pagination/pagination';
import { BulkRetryService } from './bulk-retry.service';
import {
  BulkRetryDto,
  ListPostbackLogsQueryDto,
  PostbackLogFilterDto,
  TestPostbackDto,
  TestSamplePipe,
} from './postback-log.dto';
import { BulkRetryResult, PostbackLogEntryView, PostbackLogView } from './postback-log.view';
import { PostbackLogsService } from './postback-logs.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => badRequest('invalid_id', 'id must be a UUID'),
});

// Advertiser keys get 403: the logs are the publishers' side.
@ApiTags('postback-logs')
@ApiKeyAuth()
@ApiErrors(403)
@Roles('admin', 'publisher')
@Controller('api')
export class PostbackLogsController {
  constructor(
    private readonly logs: PostbackLogsService,
    private readonly bulk: BulkRetryService,
  ) {}

  @Get('postback-logs')
  @ApiOperation({ summary: 'List postback log entries (deliveries with their attempts)' })
  @ApiPage(PostbackLogView)
  @ApiErrors(400)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListPostbackLogsQueryDto,
  ): Promise<Page<PostbackLogView>> {
    return this.logs.list(principal, query);
  }

  @Get('postback-logs/export')
  @ApiOperation({ summary: 'Export the log entries matching the filters as CSV' })
  @ApiOkResponse({
    description: 'One row per delivery, streamed',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiErrors(400)
  export(
    @CurrentPrincipal() principal: Principal,
    @Query() filter: PostbackLogFilterDto,
    @Res() reply: FastifyReply,
  ) {
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="postback-logs.csv"')
      .send(this.logs.export(principal, filter));
  }

  @Get('postback-logs/:id')
  @ApiOperation({ summary: 'Get a log entry with its attempts' })
  @ApiUuidParam()
  @ApiOkResponse({ type: PostbackLogEntryView })
  @ApiErrors(400, 404)
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
  ): Promise<PostbackLogEntryView> {
    return this.logs.get(principal, id);
  }

  // SPEC §14: one new attempt for every failed (and with includeDelivered, delivered) match.
  @Post('postback-logs/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry every failed delivery that matches the filters (bulk)' })
  @ApiOkResponse({ type: BulkRetryResult })
  @ApiErrors(400)
  retryMatching(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: BulkRetryDto,
  ): Promise<BulkRetryResult> {
    return this.bulk.retry(principal, dto);
  }

  @Post('postback-logs/:id/retry')
  @ApiOperation({ summary: 'Fire a delivery again now, as a new attempt' })
  @ApiUuidParam()
  @ApiCreatedResponse({
    type: PostbackLogEntryView,
    description: 'The entry with the new attempt',
  })
  @ApiErrors(400, 404, [409, 'The delivery is held until its rule is approved'])
  retry(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
  ): Promise<PostbackLogEntryView> {
    return this.logs.retry(principal, id);
  }

  @Post('postbacks/:id/test')
  @ApiTags('postbacks')
  @ApiOperation({ summary: 'Fire a rule once now with sample values; answers the logged attempt' })
  @ApiEntityIdParam()
  @ApiCreatedResponse({
    type: PostbackLogEntryView,
    description: 'The test delivery (test: true)',
  })
  @ApiErrors(400, 404, [409, 'A publisher’s rule not approved yet'])
  test(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body(TestSamplePipe) dto: TestPostbackDto,
  ): Promise<PostbackLogEntryView> {
    return this.logs.fireTest(principal, id, dto.sample);
  }
}
