import { Module } from '@nestjs/common';
import { DeliverProcessor } from './deliver.processor';
import { DeliveryWorkers } from './delivery-workers';
import { DeliveryModule } from './delivery.module';

// Queue consumers: only in the worker and all roles.
@Module({ imports: [DeliveryModule], providers: [DeliverProcessor, DeliveryWorkers] })
export class DeliveryWorkerModule {}
