import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { DeliveriesModule } from '../../deliveries/deliveries.module';
import { NotificationOutboxModule } from '../../notifications/notification-outbox.module';
import { QueueModule } from '../../queue/queue.module';
import { PostbackRulesModule } from '../rules/postback-rules.module';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryScheduler } from './delivery-scheduler';
import { DeliverySweeper } from './delivery-sweeper';
import { DeliveryService } from './delivery.service';
import { OriginLeases } from './origin-leases';
import { OriginSlots } from './origin-slots';
import { PostbackSender } from './postback-sender';
import { DeliveryRetryPolicy } from './retry-policy';

// Scheduling and sending, available in every role (the API fires tests and manual retries).
// Rules are read through the rules module's RulesCache; the rules module needs nothing back.
@Module({
  imports: [
    AuditModule,
    DeliveriesModule,
    NotificationOutboxModule,
    QueueModule,
    PostbackRulesModule,
  ],
  providers: [
    DeliveryScheduler,
    DeliveryQueue,
    DeliverySweeper,
    DeliveryService,
    DeliveryRetryPolicy,
    OriginLeases,
    OriginSlots,
    PostbackSender,
  ],
  // The sender and the retry policy also carry notifications (SPEC §13).
  exports: [
    DeliveryScheduler,
    DeliveryQueue,
    DeliverySweeper,
    DeliveryService,
    PostbackSender,
    DeliveryRetryPolicy,
  ],
})
export class DeliveryModule {}
