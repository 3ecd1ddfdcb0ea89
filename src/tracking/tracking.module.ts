import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module';
import { Publisher } from '../catalog/publishers/publisher.entity';
import { DeliveryModule } from '../postbacks/delivery/delivery.module';
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
// their retention, and the tracking links. Each click and impression schedules its deliveries.
@Module({
  imports: [CatalogModule, DeliveryModule, TypeOrmModule.forFeature([Publisher])],
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
  exports: [TrackingRetentionService],
})
export class TrackingModule {}
