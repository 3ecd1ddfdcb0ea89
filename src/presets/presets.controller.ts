import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { PresetsService } from './presets.service';
import { RenderPresetDto } from './render-preset.dto';

// Receiver presets (SPEC §12): for whoever writes postback rules.
@ApiTags('postback-presets')
@ApiBearerAuth()
@Roles('admin', 'publisher')
@Controller('api/postback-presets')
export class PresetsController {
  constructor(private readonly presets: PresetsService) {}

  @Get()
  list() {
    return this.presets.list();
  }

  @Post(':id/render')
  @HttpCode(200)
  render(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: RenderPresetDto,
  ) {
    return this.presets.render(principal, id, dto);
  }
}
