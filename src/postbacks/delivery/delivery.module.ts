import { Global, Module } from '@nestjs/common';
import { RulesCache } from '../rules/rules-cache';
import { DeliveryScheduler } from './delivery-scheduler';

@Global()
@Module({
  providers: [DeliveryScheduler, RulesCache],
  exports: [DeliveryScheduler, RulesCache],
})
export class DeliveryModule {}
