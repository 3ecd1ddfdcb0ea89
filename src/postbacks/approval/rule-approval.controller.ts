import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiEntityIdParam, ParseIdPipe } from '../../common/entity-id';
import { ApiErrors, ApiKeyAuth } from '../../common/openapi/api-docs';
import { postbackRuleView, PostbackRuleView } from '../rules/postback-rule-view';
import { ApproveRuleDto, RejectRuleDto } from './rule-approval.dto';
import { RuleApprovalService } from './rule-approval.service';
import { ruleRevisionView, RuleRevisionView } from './rule-revision-view';

// Approval of publishers' rules (SPEC §13): revisions for the rule's owner and admins,
// decisions for admins.
@ApiTags('postbacks')
@ApiKeyAuth()
@ApiErrors(403)
@Controller('api/postbacks')
export class RuleApprovalController {
  constructor(private readonly approval: RuleApprovalService) {}

  @Get(':id/revisions')
  @Roles('admin', 'publisher')
  @ApiOperation({
    summary: 'A rule’s revisions of where and what it sends, newest first (secrets redacted)',
  })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: [RuleRevisionView] })
  @ApiErrors(400, 404)
  async revisions(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<RuleRevisionView[]> {
    return (await this.approval.list(principal, id)).map(ruleRevisionView);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Approve the rule’s waiting revision: it fires from now on (held deliveries go out)',
  })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: PostbackRuleView })
  @ApiErrors(400, 404, [409, 'Nothing waits, or a newer revision than the one given waits'])
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: ApproveRuleDto,
  ): Promise<PostbackRuleView> {
    return postbackRuleView(await this.approval.approve(principal, id, dto.revision));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Reject the rule’s waiting revision with a reason (a new rule’s held deliveries are cancelled)',
  })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: PostbackRuleView })
  @ApiErrors(400, 404, [409, 'Nothing waits, or a newer revision than the one given waits'])
  async reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: RejectRuleDto,
  ): Promise<PostbackRuleView> {
    return postbackRuleView(await this.approval.reject(principal, id, dto.reason, dto.revision));
  }
}
