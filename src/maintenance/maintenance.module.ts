import { Global, Module } from '@nestjs/common';
import { ConversionsModule } from '../conversions/conversions.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { TrackingModule } from '../tracking/tracking.module';
import { RetentionService } from './retention.service';

@Global()
@Module({
  imports: [ConversionsModule, DeliveriesModule, TrackingModule],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class MaintenanceModule {}
