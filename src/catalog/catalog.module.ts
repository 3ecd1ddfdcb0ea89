import { QueueModule } from '../queue/queue.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Advertiser } from './advertisers/advertiser.entity';
import { AdvertisersController } from './advertisers/advertisers.controller';
import { AdvertisersService } from './advertisers/advertisers.service';
import { CatalogCache } from './catalog-cache';
import { Offer } from './offers/offer.entity';
import { OffersController } from './offers/offers.controller';
import { OffersService } from './offers/offers.service';
import { PartnerAccess } from './partner-access';
import { Publisher } from './publishers/publisher.entity';
import { PublishersController } from './publishers/publishers.controller';
import { PublishersService } from './publishers/publishers.service';

// Advertisers, offers, publishers and the cache the hot paths read them through.
@Module({
  imports: [AuditModule, QueueModule, TypeOrmModule.forFeature([Advertiser, Offer, Publisher])],
  controllers: [AdvertisersController, OffersController, PublishersController],
  providers: [AdvertisersService, OffersService, PublishersService, CatalogCache, PartnerAccess],
  exports: [CatalogCache, OffersService, PartnerAccess],
})
export class CatalogModule {}
