import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ApiErrors, ApiKeyAuth } from '../common/openapi/api-docs';
import { SettingsView } from './settings-view';
import { SettingsService } from './settings.service';
import { UpdateSettingsDto } from './update-settings.dto';

// Network settings (SPEC §13), for network managers only.
@ApiTags('settings')
@ApiKeyAuth()
@ApiErrors(403)
@Roles('admin')
@Controller('api/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: 'The network’s settings (defaults filled in)' })
  @ApiOkResponse({ type: SettingsView })
  get(): Promise<SettingsView> {
    return this.settings.get();
  }

  @Put()
  @ApiOperation({ summary: 'Change settings; those left out keep their value (audit-logged)' })
  @ApiOkResponse({ type: SettingsView })
  @ApiErrors(400)
  update(@Body() dto: UpdateSettingsDto): Promise<SettingsView> {
    return this.settings.update(dto);
  }
}
