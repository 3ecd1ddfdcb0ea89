import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import { ParseIdPipe } from '../../common/entity-id';
import { mapPage } from '../../common/pagination/pagination';
import { CreatePostbackDto } from './create-postback.dto';
import { ListPostbacksQueryDto } from './list-postbacks-query.dto';
import { postbackView } from './postback-view';
import { PostbacksService, SavedRule } from './postbacks.service';
import { PreviewPostbackDto } from './preview-postback.dto';
import { RuleHealthService } from './rule-health.service';
import { UpdatePostbackDto } from './update-postback.dto';

const savedView = ({ rule, warnings }: SavedRule) => ({ ...postbackView(rule), warnings });

// Postback rules (SPEC §6). `POST /api/postbacks/:id/test` lives with the delivery code.
@ApiTags('postbacks')
@ApiBearerAuth()
@Roles('admin', 'publisher')
@Controller('api/postbacks')
export class PostbacksController {
  constructor(
    private readonly postbacks: PostbacksService,
    private readonly health: RuleHealthService,
  ) {}

  // Declared before the `:id` routes; renders an unsaved rule, errors returned, not thrown.
  @Post('preview')
  @HttpCode(200)
  preview(@CurrentPrincipal() principal: Principal, @Body() dto: PreviewPostbackDto) {
    return this.postbacks.preview(principal, dto);
  }

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreatePostbackDto) {
    return savedView(await this.postbacks.create(principal, dto));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListPostbacksQueryDto) {
    const page = await this.postbacks.list(principal, query);
    const badges = await this.health.badges(page.items);
    return mapPage(page, (rule) => ({ ...postbackView(rule), health: badges.get(rule.id) }));
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    return postbackView(await this.postbacks.get(principal, id));
  }

  @Patch(':id')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdatePostbackDto,
  ) {
    return savedView(await this.postbacks.update(principal, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: number) {
    await this.postbacks.remove(principal, id);
  }
}
