import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Offer } from '../../catalog/offers/offer.entity';
import { Publisher } from '../../catalog/publishers/publisher.entity';
import { Postback } from './postback.entity';
import { PostbacksController } from './postbacks.controller';
import { PostbacksService } from './postbacks.service';
import { RuleHealthController } from './rule-health.controller';
import { RuleHealthService } from './rule-health.service';
import { RulesCache } from './rules-cache';
import { TrafficCheckService } from './traffic-check.service';

// Rule management API, and the cache delivery reads rules through (it owns the rules table).
// Offers and publishers are read for ownership checks only.
@Module({
  imports: [TypeOrmModule.forFeature([Postback, Offer, Publisher])],
  controllers: [PostbacksController, RuleHealthController],
  providers: [PostbacksService, RuleHealthService, TrafficCheckService, RulesCache],
  exports: [PostbacksService, RulesCache],
})
export class PostbackRulesModule {}
