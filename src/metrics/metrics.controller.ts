import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ApiErrors, ApiKeyAuth } from '../common/openapi/api-docs';
import { MetricsService } from './metrics.service';

// Volumes are business data: scraping takes an admin key (Prometheus `authorization` in scrape config).
@ApiTags('metrics')
@ApiKeyAuth()
@Roles('admin')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (deliveries, attempts, queues, clicks)' })
  @ApiOkResponse({
    description: 'Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrors(403)
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
