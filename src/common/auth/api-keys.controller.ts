import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ParseIdPipe } from '../entity-id';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiKeysService } from './api-keys.service';
import { Roles } from './auth.decorators';
import { CreateApiKeyDto } from './create-api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  // The key is returned once; only its hash is stored.
  @Post()
  create(@Body() dto: CreateApiKeyDto) {
    return this.apiKeys.create(dto);
  }

  @Get()
  async list() {
    return { items: await this.apiKeys.list(), nextCursor: null };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', ParseIdPipe) id: number) {
    await this.apiKeys.revoke(id);
  }
}
