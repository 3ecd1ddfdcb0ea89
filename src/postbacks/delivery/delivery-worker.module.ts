import { Module } from '@nestjs/common';
import { DeliverProcessor } from './deliver.processor';
import { DeliveryWorkers } from './delivery-workers';

// Queue consumers: only in the worker and all roles.
@Module({ providers: [DeliverProcessor, DeliveryWorkers] })
export class DeliveryWorkerModule {}
