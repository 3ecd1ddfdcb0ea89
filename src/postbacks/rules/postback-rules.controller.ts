import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ParseIdPipe } from '../../common/entity-id';
import { mapPage } from '../../common/pagination/pagination';
import { CreatePostbackRuleDto } from './create-postback-rule.dto';
import { ListPostbackRulesQueryDto } from './list-postback-rules-query.dto';
import { postbackRuleView } from './postback-rule-view';
import { PostbackRulesService, SavedRule } from './postback-rules.service';
import { PreviewPostbackRuleDto } from './preview-postback-rule.dto';
import { RuleHealthService } from './rule-health.service';
import { UpdatePostbackRuleDto } from './update-postback-rule.dto';

// Operation ids keep the controller's first name, so generated API clients don't change
// (`summary: undefined` stops ApiOperation adding an empty one to the document).
const OperationId = (method: string) =>
  ApiOperation({ operationId: `PostbacksController_${method}`, summary: undefined });

const savedView = ({ rule, warnings }: SavedRule) => ({ ...postbackRuleView(rule), warnings });

// Postback rules (SPEC §6). `POST /api/postbacks/:id/test` lives with the delivery code.
@ApiTags('postbacks')
@ApiBearerAuth()
@Roles('admin', 'publisher')
@Controller('api/postbacks')
export class PostbackRulesController {
  constructor(
    private readonly rules: PostbackRulesService,
    private readonly health: RuleHealthService,
  ) {}

  // Declared before the `:id` routes; renders an unsaved rule, errors returned, not thrown.
  @Post('preview')
  @HttpCode(200)
  @OperationId('preview')
  preview(@CurrentPrincipal() principal: Principal, @Body() dto: PreviewPostbackRuleDto) {
    return this.rules.preview(principal, dto);
  }

  @Post()
  @OperationId('create')
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreatePostbackRuleDto) {
    return savedView(await this.rules.create(principal, dto));
  }

  @Get()
  @OperationId('list')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListPostbackRulesQueryDto) {
    const page = await this.rules.list(principal, query);
    const badges = await this.health.badges(page.items);
    return mapPage(page, (rule) => ({ ...postbackRuleView(rule), health: badges.get(rule.id) }));
  }

  @Get(':id')
  @OperationId('get')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    return postbackRuleView(await this.rules.get(principal, id));
  }

  @Patch(':id')
  @OperationId('update')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdatePostbackRuleDto,
  ) {
    return savedView(await this.rules.update(principal, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @OperationId('remove')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    await this.rules.remove(principal, id);
  }
}
