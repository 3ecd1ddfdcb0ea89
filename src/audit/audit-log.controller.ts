import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ApiErrors, ApiKeyAuth, ApiPage } from '../common/openapi/api-docs';
import { mapPage, Page } from '../common/pagination/pagination';
import { auditEntryView, AuditEntryView } from './audit-entry-view';
import { AuditLog } from './audit-log';
import { ListAuditLogQueryDto } from './audit-log.dto';

// Advertisers get 403: the log is about the network's setup and the publishers' rules.
@ApiTags('audit-log')
@ApiKeyAuth()
@Roles('admin', 'publisher')
@Controller('api/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({
    summary: 'List audit log entries, newest first (a publisher: those about its own rules)',
  })
  @ApiPage(AuditEntryView)
  @ApiErrors(400, 403)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListAuditLogQueryDto,
  ): Promise<Page<AuditEntryView>> {
    return mapPage(await this.audit.list(principal, query), auditEntryView);
  }
}
