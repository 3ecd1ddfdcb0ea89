import { QueueModule } from '../../queue/queue.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../../audit/audit.module';
import { Offer } from '../../catalog/offers/offer.entity';
import { Publisher } from '../../catalog/publishers/publisher.entity';
import { PostbackRule } from './postback-rule.entity';
import { PostbackRulesController } from './postback-rules.controller';
import { PostbackRulesService } from './postback-rules.service';
import { RuleHealthController } from './rule-health.controller';
import { RuleHealthService } from './rule-health.service';
import { RulesCache } from './rules-cache';
import { RuleRevision } from './rule-revision.entity';
import { RuleRevisions } from './rule-revisions';
import { RuleEditApproval } from './rule-edit-approval';
import { SettingsModule } from '../../settings/settings.module';
import { DeliveriesModule } from '../../deliveries/deliveries.module';
import { TrafficCheckService } from './traffic-check.service';
import { NotificationOutboxModule } from '../../notifications/notification-outbox.module';

// Rule management API, and the cache delivery reads rules through (it owns the rules table).
// Offers and publishers are read for ownership checks only.
@Module({
  imports: [
    AuditModule,
    QueueModule,
    SettingsModule,
    DeliveriesModule,
    NotificationOutboxModule,
    TypeOrmModule.forFeature([PostbackRule, RuleRevision, Offer, Publisher]),
  ],
  controllers: [PostbackRulesController, RuleHealthController],
  providers: [
    PostbackRulesService,
    RuleHealthService,
    TrafficCheckService,
    RulesCache,
    RuleRevisions,
    RuleEditApproval,
  ],
  exports: [PostbackRulesService, RulesCache, RuleRevisions],
})
export class PostbackRulesModule {}
