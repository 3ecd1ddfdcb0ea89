import { Module } from '@nestjs/common';
import { ClickWriter } from './click-writer';
import { ClicksController } from './clicks.controller';
import { ImpressionWriter } from './impression-writer';
import { ImpressionsController } from './impressions.controller';
import { TrackingQueriesService } from './tracking-queries.service';
import { TrackingRetentionService } from './tracking-retention.service';
import { TrackingLinksController } from './tracking-links.controller';
import { TrackingLinksService } from './tracking-links.service';
import { TrackingController } from './tracking.controller';
import { TrackingService } from './tracking.service';

// Clicks and impressions: the public hot path (/click, /impression), the API to read them,
// their retention, and the tracking links. DeliveryScheduler, CatalogCache and OffersService
// come from global modules.
@Module({
  controllers: [
    TrackingController,
    ClicksController,
    ImpressionsController,
    TrackingLinksController,
  ],
  providers: [
    TrackingService,
    ClickWriter,
    ImpressionWriter,
    TrackingQueriesService,
    TrackingRetentionService,
    TrackingLinksService,
  ],
  exports: [ClickWriter, TrackingRetentionService],
})
export class TrackingModule {}
