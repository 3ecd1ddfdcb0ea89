import { Module } from '@nestjs/common';
import { DeliveryStore } from './delivery-store';

// Owns the deliveries and delivery_attempts tables: every write to them goes through DeliveryStore.
@Module({
  providers: [DeliveryStore],
  exports: [DeliveryStore],
})
export class DeliveriesModule {}
