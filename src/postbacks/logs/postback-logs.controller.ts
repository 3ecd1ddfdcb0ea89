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
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { badRequest } from '../../common/errors/domain-error';
import { ParseIdPipe } from '../../common/entity-id';
import { BulkRetryService } from './bulk-retry.service';
import {
  BulkRetryDto,
  ListPostbackLogsQueryDto,
  PostbackLogFilterDto,
  TestPostbackDto,
  TestSamplePipe,
} from './postback-log.dto';
import { PostbackLogsService } from './postback-logs.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => badRequest('invalid_id', 'id must be a UUID'),
});

@ApiTags('postback-logs')
@ApiBearerAuth()
@Roles('admin', 'publisher')
@Controller('api')
export class PostbackLogsController {
  constructor(
    private readonly logs: PostbackLogsService,
    private readonly bulk: BulkRetryService,
  ) {}

  @Get('postback-logs')
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListPostbackLogsQueryDto) {
    return this.logs.list(principal, query);
  }

  @Get('postback-logs/export')
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
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string) {
    return this.logs.get(principal, id);
  }

  // SPEC §14: one new attempt for every failed (and with includeDelivered, delivered) match.
  @Post('postback-logs/retry')
  @HttpCode(200)
  retryMatching(@CurrentPrincipal() principal: Principal, @Body() dto: BulkRetryDto) {
    return this.bulk.retry(principal, dto);
  }

  @Post('postback-logs/:id/retry')
  retry(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string) {
    return this.logs.retry(principal, id);
  }

  @Post('postbacks/:id/test')
  test(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body(TestSamplePipe) dto: TestPostbackDto,
  ) {
    return this.logs.fireTest(principal, id, dto.sample);
  }
}
