import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  preview(@CurrentPrincipal() principal: Principal, @Body() dto: PreviewPostbackRuleDto) {
    return this.rules.preview(principal, dto);
  }

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreatePostbackRuleDto) {
    return savedView(await this.rules.create(principal, dto));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListPostbackRulesQueryDto) {
    const page = await this.rules.list(principal, query);
    const badges = await this.health.badges(page.items);
    return mapPage(page, (rule) => ({ ...postbackRuleView(rule), health: badges.get(rule.id) }));
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    return postbackRuleView(await this.rules.get(principal, id));
  }

  @Patch(':id')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdatePostbackRuleDto,
  ) {
    return savedView(await this.rules.update(principal, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    await this.rules.remove(principal, id);
  }
}
