import { Global, Module } from '@nestjs/common';
import { DeliveriesModule } from '../../deliveries/deliveries.module';
import { RulesCache } from '../rules/rules-cache';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryScheduler } from './delivery-scheduler';
import { DeliverySweeper } from './delivery-sweeper';
import { DeliveryService } from './delivery.service';
import { PostbackSender } from './postback-sender';
import { DeliveryRetryPolicy } from './retry-policy';

// Scheduling and sending, available in every role (the API fires tests and manual retries).
@Global()
@Module({
  imports: [DeliveriesModule],
  providers: [
    DeliveryScheduler,
    DeliveryQueue,
    DeliverySweeper,
    DeliveryService,
    DeliveryRetryPolicy,
    PostbackSender,
    RulesCache,
  ],
  exports: [DeliveryScheduler, DeliveryQueue, DeliverySweeper, DeliveryService, RulesCache],
})
export class DeliveryModule {}
