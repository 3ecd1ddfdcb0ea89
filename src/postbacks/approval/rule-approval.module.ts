import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../../deliveries/deliveries.module';
import { NotificationOutboxModule } from '../../notifications/notification-outbox.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { PostbackRulesModule } from '../rules/postback-rules.module';
import { RuleApprovalController } from './rule-approval.controller';
import { RuleApprovalService } from './rule-approval.service';

// Decisions on publishers' rules (SPEC §13). Above rules and delivery: a decision writes the
// rule through RuleRevisions, its held deliveries through DeliveryStore, then feeds the queue.
@Module({
  imports: [PostbackRulesModule, DeliveriesModule, DeliveryModule, NotificationOutboxModule],
  controllers: [RuleApprovalController],
  providers: [RuleApprovalService],
})
export class RuleApprovalModule {}
