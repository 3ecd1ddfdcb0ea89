import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ApiErrors, ApiKeyAuth } from '../common/openapi/api-docs';
import { PRESETS } from './preset-catalog';
import { PostbackPreset, RenderedRuleBody } from './preset-views';
import { PresetsService } from './presets.service';
import { RenderPresetDto } from './render-preset.dto';

// Receiver presets (SPEC §12): for whoever writes postback rules.
@ApiTags('postback-presets')
@ApiKeyAuth()
@ApiErrors(403)
@Roles('admin', 'publisher')
@Controller('api/postback-presets')
export class PresetsController {
  constructor(private readonly presets: PresetsService) {}

  @Get()
  @ApiOperation({ summary: 'List the receiver presets (trackers, ad networks, CRMs)' })
  @ApiOkResponse({ type: [PostbackPreset] })
  list(): readonly PostbackPreset[] {
    return this.presets.list();
  }

  @Post(':id/render')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Fill a preset’s fields in: a rule body ready for POST /api/postbacks',
  })
  @ApiParam({ name: 'id', enum: PRESETS.map((preset) => preset.id) })
  @ApiOkResponse({ type: RenderedRuleBody })
  @ApiErrors(400, 404)
  render(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: RenderPresetDto,
  ): Promise<RenderedRuleBody> {
    return this.presets.render(principal, id, dto);
  }
}
