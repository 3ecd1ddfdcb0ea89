import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEntityIdParam, ParseIdPipe } from '../entity-id';
import { ApiErrors, ApiKeyAuth, ApiPage } from '../openapi/api-docs';
import { Page } from '../pagination/pagination';
import { ApiKeyView, CreatedApiKey } from './api-key-view';
import { ApiKeysService } from './api-keys.service';
import { Roles } from './auth.decorators';
import { CreateApiKeyDto } from './create-api-key.dto';

@ApiTags('api-keys')
@ApiKeyAuth()
@ApiErrors(403)
@Roles('admin')
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  // The key is returned once; only its hash is stored.
  @Post()
  @ApiOperation({ summary: 'Create an API key (the key is shown in this answer only)' })
  @ApiCreatedResponse({ type: CreatedApiKey })
  @ApiErrors(400)
  create(@Body() dto: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.apiKeys.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List the API keys not revoked (one page: nextCursor is null)' })
  @ApiPage(ApiKeyView)
  async list(): Promise<Page<ApiKeyView>> {
    return { items: await this.apiKeys.list(), nextCursor: null };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key' })
  @ApiEntityIdParam()
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(400, 404)
  async revoke(@Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}
