import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ApiEntityIdParam, ParseIdPipe } from '../../common/entity-id';
import { ApiErrors, ApiKeyAuth, ApiPage } from '../../common/openapi/api-docs';
import { mapPage, Page } from '../../common/pagination/pagination';
import { CreatePostbackRuleDto } from './create-postback-rule.dto';
import { ListPostbackRulesQueryDto } from './list-postback-rules-query.dto';
import {
  ListedRuleView,
  postbackRuleView,
  PostbackRuleView,
  RulePreviewView,
  SavedRuleView,
} from './postback-rule-view';
import { PostbackRulesService, SavedRule } from './postback-rules.service';
import { PreviewPostbackRuleDto } from './preview-postback-rule.dto';
import { RuleHealthService } from './rule-health.service';
import { UpdatePostbackRuleDto } from './update-postback-rule.dto';

const savedView = ({ rule, warnings }: SavedRule): SavedRuleView => ({
  ...postbackRuleView(rule),
  warnings,
});

// Postback rules (SPEC §6). `POST /api/postbacks/:id/test` lives with the delivery code.
@ApiTags('postbacks')
@ApiKeyAuth()
@ApiErrors(403)
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
  @ApiOperation({
    summary: 'Preview an unsaved rule: the URL, headers and body a receiver would get',
  })
  @ApiOkResponse({ type: RulePreviewView })
  @ApiErrors(400)
  preview(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: PreviewPostbackRuleDto,
  ): Promise<RulePreviewView> {
    return this.rules.preview(principal, dto);
  }

  @Post()
  @ApiOperation({ summary: 'Create a postback rule (a publisher for itself only)' })
  @ApiCreatedResponse({ type: SavedRuleView })
  @ApiErrors(400)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreatePostbackRuleDto,
  ): Promise<SavedRuleView> {
    return savedView(await this.rules.create(principal, dto));
  }

  @Get()
  @ApiOperation({ summary: 'List postback rules with their last day’s delivery health' })
  @ApiPage(ListedRuleView)
  @ApiErrors(400)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListPostbackRulesQueryDto,
  ): Promise<Page<ListedRuleView>> {
    const page = await this.rules.list(principal, query);
    const badges = await this.health.badges(page.items);
    // badges() has one for every listed rule.
    return mapPage(page, (rule) => ({ ...postbackRuleView(rule), health: badges.get(rule.id)! }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a postback rule' })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: PostbackRuleView })
  @ApiErrors(400, 404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<PostbackRuleView> {
    return postbackRuleView(await this.rules.get(principal, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some of a rule’s fields (enabling it clears a pause)' })
  @ApiEntityIdParam()
  @ApiOkResponse({ type: SavedRuleView })
  @ApiErrors(400, 404)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdatePostbackRuleDto,
  ): Promise<SavedRuleView> {
    return savedView(await this.rules.update(principal, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a postback rule (its logs are kept)' })
  @ApiEntityIdParam()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<void> {
    await this.rules.remove(principal, id);
  }
}
