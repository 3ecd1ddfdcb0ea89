import { Module } from '@nestjs/common';
import { ClickWriter } from './click-writer';
import { ClicksController } from './clicks.controller';
import { ImpressionWriter } from './impression-writer';
import { ImpressionsController } from './impressions.controller';
import { TrackingQueriesService } from './tracking-queries.service';
import { TrackingRetentionService } from './tracking-retention.service';
import { TrackingController } from './tracking.controller';
import { TrackingService } from './tracking.service';

// Clicks and impressions: the public hot path (/click, /impression), the API to read them,
// and their retention. DeliveryScheduler and CatalogCache come from global modules.
@Module({
  controllers: [TrackingController, ClicksController, ImpressionsController],
  providers: [
    TrackingService,
    ClickWriter,
    ImpressionWriter,
    TrackingQueriesService,
    TrackingRetentionService,
  ],
  exports: [ClickWriter, TrackingRetentionService],
})
export class TrackingModule {}
